import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requestState, SafeguardError } from "referral-kit";
import {
  createManualChannel,
  createMemoryPreparedStore,
  ManualConfirmationError,
  openPreparedFile,
  type PreparedStore,
} from "referral-kit/adapters/manual";
import { computeCompliance } from "referral-kit/compliance";
import { describe, expect, it } from "vitest";
import { makeRequest, withEvents } from "../support/requests.js";
import { approvedRequest } from "./email-fixtures.js";

const portal = {
  name: "X government portal (modelled)",
  url: "https://x.example/gov",
  labels: { targets: "Links" },
};
const T0 = Date.parse("2025-03-01T10:00:00Z");

function channel(store: PreparedStore = createMemoryPreparedStore(), now = () => T0) {
  return createManualChannel({ platform: "x", portal, store, now, overdueAfterMs: 3_600_000 });
}

describe("the manual portal channel", () => {
  it("prepares a packet with the form's fields as Markdown, HTML and JSON, and appends nothing", async () => {
    const request = approvedRequest();
    const packet = await channel().submit(
      { request, targets: request.targets },
      { idempotencyKey: "req-1:0" },
    );
    expect(packet.fields.find((f) => f.name === "targets")).toEqual({
      name: "targets",
      label: "Links",
      value: "https://x.com/fictional_ttp_media\nhttps://x.com/fictional_ttp_news",
    });
    expect(packet.fields.find((f) => f.name === "legalBasis")?.value).toBe(
      "Prevention of Electronic Crimes Act 2016 (Pakistan), s. 37",
    );
    expect(packet.markdown).toContain("## Links");
    expect(packet.markdown).toContain("referral-kit confirm req-1 <number>");
    expect(packet.html).toContain("<table>");
    expect(JSON.parse(JSON.stringify(packet)).fields).toHaveLength(11);
    expect(packet.markdown).not.toContain("evidence.example.org");
    // Nothing happened to the request: it is still approved and compliance does not count it.
    expect(requestState(request).status).toBe("approved");
    expect(computeCompliance([request], { asOf: "2025-04-01T00:00:00Z" }).counts.counted).toBe(0);
  });

  it("refuses to prepare a request that lacks what submission requires", async () => {
    const draft = makeRequest({ legalBasis: undefined });
    await expect(
      channel().submit({ request: draft, targets: draft.targets }, { idempotencyKey: "k" }),
    ).rejects.toSatisfy((error) => SafeguardError.isInstance(error));
  });

  it("turns the confirmation number into the submitted event, which compliance then counts", async () => {
    const request = approvedRequest();
    const manual = channel();
    await manual.submit({ request, targets: request.targets }, { idempotencyKey: "req-1:0" });
    const event = await manual.confirm("req-1", " X-GOV-2025-0042 ", {
      at: "2025-03-01T11:00:00Z",
      by: { id: "analyst-1" },
    });
    expect(event).toMatchObject({
      type: "submitted",
      channel: "portal",
      platformRef: "X-GOV-2025-0042",
      idempotencyKey: "req-1:0",
      at: "2025-03-01T11:00:00Z",
    });
    const submitted = withEvents(request, event);
    expect(requestState(submitted).submittedAt).toBe("2025-03-01T11:00:00Z");
    expect(computeCompliance([submitted], { asOf: "2025-04-01T00:00:00Z" }).counts.counted).toBe(1);
    // Repeating the same number is harmless; another number is refused.
    expect((await manual.confirm("req-1", "X-GOV-2025-0042", { by: { id: "analyst-2" } })).at).toBe(
      "2025-03-01T11:00:00Z",
    );
    await expect(manual.confirm("req-1", "OTHER", { by: { id: "analyst-1" } })).rejects.toMatchObject({
      reason: "already_confirmed",
    });
    await expect(
      manual.submit({ request, targets: request.targets }, { idempotencyKey: "k" }),
    ).rejects.toMatchObject({
      reason: "already_confirmed",
    });
  });

  it("refuses a confirmation without a prepared packet, or with a number that is not one line", async () => {
    const manual = channel();
    const error = await manual.confirm("req-9", "N-1", { by: { id: "a" } }).catch((e: unknown) => e);
    expect(ManualConfirmationError.isInstance(error)).toBe(true);
    expect((error as ManualConfirmationError).reason).toBe("not_prepared");
    const request = approvedRequest();
    await manual.submit({ request, targets: request.targets }, { idempotencyKey: "k" });
    await expect(manual.confirm("req-1", "A\nB", { by: { id: "a" } })).rejects.toMatchObject({
      reason: "invalid_confirmation_number",
    });
    await expect(manual.confirm("req-1", "  ", { by: { id: "a" } })).rejects.toMatchObject({
      reason: "invalid_confirmation_number",
    });
  });

  it("records the confirmation only when commit succeeds", async () => {
    const request = approvedRequest();
    const manual = channel();
    await manual.submit({ request, targets: request.targets }, { idempotencyKey: "k" });
    const failing = async () => {
      throw new Error("store unavailable");
    };
    await expect(manual.confirm("req-1", "N-1", { by: { id: "a" }, commit: failing })).rejects.toThrow(
      "store unavailable",
    );
    expect(await manual.awaitingConfirmation()).toHaveLength(1);
  });

  it("lists packets unconfirmed past the limit as overdue, oldest first, and never as submitted", async () => {
    let now = T0;
    const manual = channel(createMemoryPreparedStore(), () => now);
    const a = approvedRequest("req-a");
    const b = approvedRequest("req-b");
    const c = approvedRequest("req-c");
    await manual.submit({ request: a, targets: a.targets }, { idempotencyKey: "a" });
    now += 30 * 60_000;
    await manual.submit({ request: b, targets: b.targets }, { idempotencyKey: "b" });
    await manual.submit({ request: c, targets: c.targets }, { idempotencyKey: "c" });
    await manual.confirm("req-c", "N-c", { by: { id: "x" } });
    // Re-preparing does not restart the clock.
    now += 45 * 60_000;
    await manual.submit({ request: a, targets: a.targets }, { idempotencyKey: "a" });
    expect((await manual.overdue()).map((o) => [o.requestId, o.waitingMs / 60_000])).toEqual([["req-a", 75]]);
    expect((await manual.overdue({ after: 10 * 60_000 })).map((o) => o.requestId)).toEqual([
      "req-a",
      "req-b",
    ]);
    expect((await manual.awaitingConfirmation()).map((o) => o.requestId).sort()).toEqual(["req-a", "req-b"]);
  });

  it("keeps prepared packets and confirmations in an append-only JSON Lines file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rk-manual-"));
    try {
      const file = join(dir, "portal.jsonl");
      const request = approvedRequest();
      await channel(openPreparedFile(file)).submit(
        { request, targets: request.targets },
        { idempotencyKey: "k" },
      );
      await channel(openPreparedFile(file)).confirm("req-1", "N-1", {
        by: { id: "a" },
        at: "2025-03-01T12:00:00Z",
      });
      const lines = readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.type)).toEqual(["prepared", "confirmed"]);
      expect(await openPreparedFile(file).get("req-1")).toMatchObject({
        confirmation: { number: "N-1", at: "2025-03-01T12:00:00Z" },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
