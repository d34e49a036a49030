import type { ReferralRequest, RequestEvent } from "referral-kit";
import {
  dueForRecheck,
  findReinstatements,
  latestObservations,
  type ProbeTarget,
  type VerificationProbe,
  VerificationRecord,
  verifiedAt,
  verifyTargets,
} from "referral-kit/verify";
import { describe, expect, it } from "vitest";
import { approvedRequest } from "../channels/email-fixtures.js";
import { withEvents } from "../support/requests.js";

const submitted: RequestEvent = { type: "submitted", at: "2025-03-01T10:00:00Z", channel: "x" };
const actioned: RequestEvent = { type: "actioned", at: "2025-03-02T10:00:00Z" };

function request(id: string, ...events: RequestEvent[]): ReferralRequest {
  return withEvents(approvedRequest(id), ...events);
}

/** A probe answering from a table by target key, recording what it was asked. */
function tableProbe(answers: Record<string, VerificationRecord["type"] | Error>) {
  const asked: ProbeTarget[] = [];
  const probe: VerificationProbe = {
    id: "table",
    async check(target) {
      asked.push(target);
      const answer = answers[target.key] ?? "still-available";
      if (answer instanceof Error) throw answer;
      return { result: answer, httpStatus: answer === "verified-removed" ? 404 : 200 };
    },
  };
  return { probe, asked };
}

const now = () => Date.parse("2025-03-05T00:00:00Z");

describe("verifyTargets", () => {
  it("checks every target of actioned requests and records time, probe and result", async () => {
    const { probe, asked } = tableProbe({ "x:fictional_ttp_media": "verified-removed" });
    const records = await verifyTargets(
      [request("req-a", submitted, actioned), request("req-pending", submitted), request("req-draft")],
      { probe, now },
    );
    expect(asked.map((t) => [t.requestId, t.url])).toEqual([
      ["req-a", "https://x.com/fictional_ttp_media"],
      ["req-a", "https://x.com/fictional_ttp_news"],
    ]);
    expect(records).toEqual([
      {
        type: "verified-removed",
        requestId: "req-a",
        platform: "x",
        target: "x:fictional_ttp_media",
        url: "https://x.com/fictional_ttp_media",
        at: "2025-03-05T00:00:00.000Z",
        probe: "table",
        httpStatus: 404,
      },
      expect.objectContaining({ type: "still-available", target: "x:fictional_ttp_news" }),
    ]);
    for (const record of records) expect(VerificationRecord.safeParse(record).success).toBe(true);
  });

  it("checks pending submitted requests too when asked, never drafts or withdrawn ones", async () => {
    const { probe, asked } = tableProbe({});
    await verifyTargets(
      [
        request("req-pending", submitted),
        request("req-withdrawn", submitted, {
          type: "withdrawn",
          at: "2025-03-02T00:00:00Z",
          reason: "set aside",
        }),
        request("req-draft"),
      ],
      { probe, now, include: "submitted" },
    );
    expect(new Set(asked.map((t) => t.requestId))).toEqual(new Set(["req-pending"]));
  });

  it("records a probe that throws as verification-failed", async () => {
    const { probe } = tableProbe({
      "x:fictional_ttp_media": Object.assign(new Error("boom"), { code: "ECONNRESET" }),
    });
    const records = await verifyTargets([request("req-a", submitted, actioned)], { probe, now });
    expect(records[0]).toMatchObject({ type: "verification-failed", reason: "probe error ECONNRESET" });
  });

  it("marks a still-available after a removed observation as reinstated", async () => {
    const { probe } = tableProbe({});
    const history: VerificationRecord[] = [
      {
        type: "verified-removed",
        requestId: "req-a",
        platform: "x",
        target: "x:fictional_ttp_media",
        at: "2025-03-03T00:00:00Z",
        probe: "table",
      },
    ];
    const records = await verifyTargets([request("req-a", submitted, actioned)], { probe, now, history });
    expect(records.map((r) => [r.target, r.reinstated])).toEqual([
      ["x:fictional_ttp_media", true],
      ["x:fictional_ttp_news", undefined],
    ]);
  });

  it("limits work to the targets given in only, and stops on abort", async () => {
    const { probe, asked } = tableProbe({});
    await verifyTargets([request("req-a", submitted, actioned)], {
      probe,
      now,
      only: [{ requestId: "req-a", target: "x:fictional_ttp_news" }],
    });
    expect(asked.map((t) => t.key)).toEqual(["x:fictional_ttp_news"]);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(
      verifyTargets([request("req-a", submitted, actioned)], { probe, signal: controller.signal }),
    ).rejects.toThrow("stop");
  });

  it("runs at most `concurrency` checks at once", async () => {
    let active = 0;
    let peak = 0;
    const probe: VerificationProbe = {
      id: "slow",
      async check() {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        return { result: "still-available" };
      },
    };
    const many = Array.from({ length: 6 }, (_, i) => request(`req-${i}`, submitted, actioned));
    const records = await verifyTargets(many, { probe, concurrency: 3 });
    expect(records).toHaveLength(12);
    expect(peak).toBe(3);
  });
});

const record = (
  target: string,
  type: VerificationRecord["type"],
  at: string,
  requestId = "req-a",
): VerificationRecord => ({ type, requestId, platform: "x", target, at, probe: "http" });

describe("re-checks and reinstatements", () => {
  const records = [
    record("x:a", "verified-removed", "2025-03-01T00:00:00Z"),
    record("x:a", "verification-failed", "2025-03-05T00:00:00Z"),
    record("x:a", "still-available", "2025-03-09T00:00:00Z"),
    record("x:b", "verified-withheld", "2025-03-02T00:00:00Z"),
    record("x:c", "still-available", "2025-03-02T00:00:00Z"),
    record("x:d", "verification-failed", "2025-03-08T00:00:00Z"),
  ];

  it("lists targets last seen gone or failed, checked longer ago than `every`", () => {
    const due = dueForRecheck(records, { every: 3 * 86_400_000, asOf: "2025-03-10T00:00:00Z" });
    expect(due.map((d) => [d.target, d.lastResult])).toEqual([["x:b", "verified-withheld"]]);
    const later = dueForRecheck(records, { every: 86_400_000, asOf: "2025-03-10T00:00:00Z" });
    expect(later.map((d) => d.target)).toEqual(["x:b", "x:d"]);
  });

  it("finds a target that came back after it was removed", () => {
    expect(findReinstatements(records)).toEqual([
      {
        requestId: "req-a",
        platform: "x",
        target: "x:a",
        goneAt: "2025-03-01T00:00:00Z",
        reappearedAt: "2025-03-09T00:00:00Z",
      },
    ]);
  });

  it("verifies a request only when every target's latest conclusive check is removed or withheld", () => {
    const asOf = Date.parse("2025-03-06T00:00:00Z");
    const latest = latestObservations(records, { asOf });
    // x:a's failed check at 03-05 does not hide its removal at 03-01.
    expect(verifiedAt(latest.get("req-a"), ["x:a", "x:b"])).toBe(Date.parse("2025-03-02T00:00:00Z"));
    expect(verifiedAt(latest.get("req-a"), ["x:a", "x:c"])).toBeNull();
    expect(verifiedAt(latest.get("req-a"), ["x:a", "x:d"])).toBeNull();
    const after = latestObservations(records, { asOf: Date.parse("2025-03-10T00:00:00Z") });
    expect(verifiedAt(after.get("req-a"), ["x:a", "x:b"])).toBeNull();
  });
});
