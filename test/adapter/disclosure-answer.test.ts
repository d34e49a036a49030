import { ProtocolError, type StatusUpdate, toRequestEvents } from "referral-kit/adapter";
import { describe, expect, it } from "vitest";
import { mergeStatuses } from "../../src/dispatch/merge-status.js";
import { TEST_SHA256 } from "../support/disclosure.js";

const at = "2025-03-04T09:00:00Z";
const by = { id: "adapter:facebook" };
const file = { name: "subscriber.csv", sha256: TEST_SHA256, size: 4 };

function update(fields: Partial<StatusUpdate> & Pick<StatusUpdate, "outcome">): StatusUpdate {
  return { platformRef: "LR-7", at, platformState: "ACTION_TAKEN", ...fields } as StatusUpdate;
}

describe("toRequestEvents for disclosure and preservation", () => {
  it("records a production with a receipt of the files the platform declares", () => {
    const events = toRequestEvents(
      update({
        outcome: "actioned",
        disclosure: { answer: "produced", files: [file], productionRef: "PRD-1" },
      }),
      { kind: "disclose-data", by, channel: "facebook", current: "acknowledged" },
    );
    expect(events).toEqual([
      {
        type: "produced",
        at,
        by,
        note: 'platform state "ACTION_TAKEN"',
        receipt: {
          receivedAt: at,
          receivedBy: by,
          channel: "facebook",
          platformRef: "PRD-1",
          files: [file],
          hashesFrom: "platform",
        },
      },
    ]);
  });

  it("makes a partial production of a partial decision or withheld categories", () => {
    const [partial] = toRequestEvents(
      update({
        outcome: "partially-actioned",
        targets: [
          { key: "facebook:a", outcome: "actioned" },
          { key: "facebook:b", outcome: "rejected", reason: "no such account" },
        ],
        disclosure: { answer: "produced", files: [file] },
      }),
      { kind: "disclose-data", by },
    );
    expect(partial).toMatchObject({ type: "partially-produced", targets: ["facebook:a"] });
    const [withheld] = toRequestEvents(
      update({
        outcome: "actioned",
        disclosure: { answer: "produced", files: [file], withheld: ["content"] },
      }),
      { kind: "disclose-data", by },
    );
    expect(withheld).toMatchObject({ type: "partially-produced", withheld: ["content"] });
  });

  it("records no data, refuses a production without its files, and keeps refusals as they are", () => {
    expect(
      toRequestEvents(update({ outcome: "actioned", disclosure: { answer: "no-data" } }), {
        kind: "disclose-data",
      }),
    ).toMatchObject([{ type: "no-data", platformRef: "LR-7" }]);
    expect(() => toRequestEvents(update({ outcome: "actioned" }), { kind: "disclose-data" })).toThrow(
      ProtocolError,
    );
    expect(
      toRequestEvents(update({ outcome: "rejected", reason: "legal process required" }), {
        kind: "disclose-data",
      }),
    ).toMatchObject([{ type: "rejected", reason: "legal process required" }]);
  });

  it("confirms a preservation, with its end when the platform gives one", () => {
    expect(
      toRequestEvents(
        update({
          outcome: "actioned",
          disclosure: { answer: "preserved", preservedUntil: "2025-06-01T00:00:00Z" },
        }),
        { kind: "preserve" },
      ),
    ).toMatchObject([{ type: "preserved", preservedUntil: "2025-06-01T00:00:00Z", platformRef: "LR-7" }]);
    expect(toRequestEvents(update({ outcome: "actioned" }), { kind: "preserve" })).toMatchObject([
      { type: "preserved" },
    ]);
    expect(
      toRequestEvents(update({ outcome: "acknowledged" }), { kind: "preserve", current: "preserved" }),
    ).toEqual([]);
    // Without the kind, as before: the removal lifecycle's events.
    expect(toRequestEvents(update({ outcome: "actioned" }))).toMatchObject([{ type: "actioned" }]);
  });

  it("merges the answers of a request sent in several calls once every call has one", () => {
    const a = {
      update: update({ outcome: "actioned", disclosure: { answer: "produced", files: [file] } }),
      targetKeys: ["x:a"],
    };
    const b = {
      update: update({
        outcome: "actioned",
        disclosure: { answer: "produced", files: [{ ...file, name: "b.csv" }], withheld: ["content"] },
      }),
      targetKeys: ["x:b"],
    };
    expect(mergeStatuses([a, b])?.disclosure).toEqual({
      answer: "produced",
      files: [file, { ...file, name: "b.csv" }],
      withheld: ["content"],
    });
    const pending = { update: update({ outcome: "acknowledged" }), targetKeys: ["x:c"] };
    expect(mergeStatuses([a, pending])?.disclosure).toBeUndefined();
    const kept = (until?: string) => ({
      update: update({
        outcome: "actioned",
        disclosure: { answer: "preserved", ...(until ? { preservedUntil: until } : {}) },
      }),
      targetKeys: ["x:d"],
    });
    expect(mergeStatuses([kept("2025-06-02T00:00:00Z"), kept("2025-06-01T00:00:00Z")])?.disclosure).toEqual({
      answer: "preserved",
      preservedUntil: "2025-06-01T00:00:00Z",
    });
    expect(mergeStatuses([kept("2025-06-02T00:00:00Z"), kept()])?.disclosure).toEqual({
      answer: "preserved",
    });
  });
});
