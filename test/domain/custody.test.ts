import { appendCustody, CustodyError, Evidence, type ValidationError, validate } from "referral-kit";
import { describe, expect, it } from "vitest";
import { checkCustodyAppend } from "../../src/domain/custody.js";
import { evidence as oldEvidence } from "../support/requests.js";

const SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const captured: Evidence = validate(Evidence, {
  ...oldEvidence,
  captureMethod: "web-archive",
  captureTool: { name: "browsertrix-crawler", version: "1.5.4" },
  archive: { format: "warc", sha256: SHA, size: 0, name: "2025/03/capture.warc.gz" },
  copy: "evidentiary",
  custody: [{ at: "2025-03-01T08:00:00Z", by: { id: "analyst-7" }, action: "collected" }],
});

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("evidence custody", () => {
  it("keeps evidence recorded before custody valid, and reads the new fields", () => {
    expect(validate(Evidence, oldEvidence)).toEqual(oldEvidence);
    expect(captured.custody).toEqual([
      { at: "2025-03-01T08:00:00Z", by: { id: "analyst-7" }, action: "collected", hash: "not-checked" },
    ]);
  });

  it("refuses a log that does not start with collected or runs backwards, naming the entry", () => {
    const error = caught(() =>
      validate(Evidence, {
        ...captured,
        custody: [
          { at: "2025-03-02T08:00:00Z", by: { id: "a" }, action: "copied" },
          { at: "2025-03-01T08:00:00Z", by: { id: "a" }, action: "verified", hash: "matched" },
        ],
      }),
    ) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ["custody", 0, "action"],
      ["custody", 1, "at"],
    ]);
    const archive = caught(() =>
      validate(Evidence, { ...captured, archive: { ...captured.archive, sha256: "x" } }),
    );
    expect((archive as ValidationError).issues[0]!.path).toEqual(["archive", "sha256"]);
  });

  it("appends entries in time order; a transfer names its receiver and a verification its result", () => {
    const held = appendCustody(captured, {
      at: "2025-03-02T10:00:00Z",
      by: { id: "analyst-7" },
      action: "transferred",
      to: "evidence-unit",
      hash: "matched",
    });
    expect(held.custody).toHaveLength(2);
    expect(captured.custody).toHaveLength(1);

    const early = caught(() =>
      appendCustody(held, { at: "2025-03-02T09:00:00Z", by: { id: "b" }, action: "copied" }),
    );
    expect(CustodyError.isInstance(early)).toBe(true);
    expect(early).toMatchObject({ code: "custody_violation", index: 2 });

    const noReceiver = caught(() =>
      appendCustody(held, { at: "2025-03-03T09:00:00Z", by: { id: "b" }, action: "produced" }),
    ) as ValidationError;
    expect(noReceiver.issues[0]!.path).toEqual(["to"]);
    const unchecked = caught(() =>
      appendCustody(held, { at: "2025-03-03T09:00:00Z", by: { id: "b" }, action: "verified" }),
    ) as ValidationError;
    expect(unchecked.issues[0]!.path).toEqual(["hash"]);

    const { custody: _none, ...bare } = captured;
    expect(
      CustodyError.isInstance(
        caught(() => appendCustody(bare, { at: "2025-03-01T08:00:00Z", by: { id: "a" }, action: "copied" })),
      ),
    ).toBe(true);
  });

  it("detects a rewritten log: a changed or removed entry, whatever the key order", () => {
    const held = appendCustody(captured, {
      at: "2025-03-02T10:00:00Z",
      by: { id: "analyst-7" },
      action: "transferred",
      to: "evidence-unit",
    });
    const more = appendCustody(held, {
      at: "2025-03-03T10:00:00Z",
      by: { id: "b" },
      action: "verified",
      hash: "matched",
    });
    expect(() => checkCustodyAppend(held, more)).not.toThrow();
    const reordered = {
      ...more,
      custody: more.custody!.map((entry) => Object.fromEntries(Object.entries(entry).reverse())),
    } as Evidence;
    expect(() => checkCustodyAppend(held, reordered)).not.toThrow();

    const changed = {
      ...more,
      custody: [more.custody![0]!, { ...more.custody![1]!, to: "someone-else" }, more.custody![2]!],
    };
    expect(caught(() => checkCustodyAppend(held, changed))).toMatchObject({ index: 1, message: /changed/ });
    const removed = { ...more, custody: more.custody!.slice(1) };
    expect(caught(() => checkCustodyAppend(held, removed))).toMatchObject({ index: 0 });
    expect(caught(() => checkCustodyAppend(more, held))).toMatchObject({ index: 2, message: /removed/ });
  });
});
