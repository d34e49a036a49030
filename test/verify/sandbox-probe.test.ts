/**
 * Verification end to end over REAL HTTP (no msw in this file): a reference adapter submits to the
 * sandbox, the platform decides on its virtual clock, and the reference HTTP probe reads the sandbox's
 * public pages to verify the action; a page turned available again is found as a reinstatement.
 */
import { ReferralRequest, type RequestContent, type RequestEvent } from "referral-kit";
import { toRequestEvents } from "referral-kit/adapter";
import { createXAdapter } from "referral-kit/adapters/x";
import { conformanceRequest, type Sandbox, startSandbox } from "referral-kit/testing";
import {
  createHttpProbe,
  dueForRecheck,
  findReinstatements,
  reinstatementsAsKnownAccounts,
  type VerificationRecord,
  verifyTargets,
} from "referral-kit/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let sandbox: Sandbox<"x">;
beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    platforms: ["x"],
    scenario: {
      all: {
        outcomes: { actioned: 1 },
        reviewDelay: { distribution: "fixed", ms: 0 },
        decisionDelay: { distribution: "fixed", ms: HOUR },
      },
    },
  });
});
afterAll(() => sandbox?.close());

const account = (username: string) => ({
  type: "account" as const,
  account: { kind: "username" as const, platform: "x", username },
});

function history(content: RequestContent, ...events: RequestEvent[]): ReferralRequest {
  return ReferralRequest.parse({
    ...content,
    events: [
      { type: "drafted", at: "2026-01-05T08:00:00Z", by: { id: "analyst-1" } },
      { type: "approved", at: "2026-01-05T08:30:00Z", by: { id: "supervisor-1" } },
      ...events,
    ],
  });
}

/** Submits through the X adapter, lets the platform decide, and records what it said. */
async function submitAndDecide(content: RequestContent): Promise<ReferralRequest> {
  const x = createXAdapter({
    baseUrl: sandbox.platforms.x.url,
    bearerToken: sandbox.platforms.x.credentials.bearerToken!,
  });
  const receipt = await x.submit(
    { request: content, targets: content.targets },
    { idempotencyKey: `${content.id}:0` },
  );
  const submitted: RequestEvent = {
    type: "submitted",
    at: receipt.acceptedAt,
    channel: "x",
    platformRef: receipt.platformRef,
  };
  sandbox.advance(2 * HOUR);
  const update = await x.getStatus({ platformRef: receipt.platformRef });
  return history(content, submitted, ...toRequestEvents(update, { current: "submitted" }));
}

const probe = () =>
  createHttpProbe({
    baseUrls: { x: sandbox.platforms.x.publicUrl },
    rateLimit: { requests: 1_000, perMs: 1_000 },
    timeoutMs: 5_000,
  });
const clock = () => sandbox.mocks.x.now();

describe("the probe against the sandbox's public pages", () => {
  let requests: ReferralRequest[];
  let first: VerificationRecord[];

  beforeAll(async () => {
    requests = [
      await submitAndDecide(
        conformanceRequest({
          platform: "x",
          kind: "suspend",
          targets: [account("probe_gone")],
          id: "req-gone",
        }),
      ),
      await submitAndDecide(
        conformanceRequest({
          platform: "x",
          kind: "restrict-locally",
          targets: [account("probe_withheld")],
          id: "req-withheld",
        }),
      ),
    ];
  });

  it("verifies an actioned suspension as removed and a local restriction as withheld", async () => {
    expect(requests.map((r) => r.events.at(-1)?.type)).toEqual(["actioned", "actioned"]);
    first = await verifyTargets(requests, { probe: probe(), now: clock });
    expect(first.map((r) => [r.requestId, r.type, r.httpStatus, r.reason])).toEqual([
      ["req-gone", "verified-removed", 302, "redirect to a removed page"],
      ["req-withheld", "verified-withheld", 451, "status 451"],
    ]);
    expect(first[0]).toMatchObject({
      probe: "http",
      target: "x:probe_gone",
      url: "https://x.com/probe_gone",
    });
  });

  it("finds the reinstatement on a scheduled re-check after the page comes back", async () => {
    // The platform reverses itself: the admin endpoint a tool in any language would use.
    const answer = await fetch(`${sandbox.url}/__sandbox/page`, {
      method: "POST",
      body: JSON.stringify({ platform: "x", path: "/probe_gone", availability: "available" }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      page: { key: "x:probe_gone", availability: "available", source: "override" },
    });

    sandbox.advance(8 * DAY);
    const due = dueForRecheck(first, { every: 7 * DAY, asOf: clock() });
    expect(due.map((d) => d.target)).toEqual(["x:probe_gone", "x:probe_withheld"]);
    const fresh = await verifyTargets(requests, { probe: probe(), now: clock, only: due, history: first });
    expect(fresh.map((r) => [r.target, r.type, r.reinstated])).toEqual([
      ["x:probe_gone", "still-available", true],
      ["x:probe_withheld", "verified-withheld", undefined],
    ]);

    const back = findReinstatements([...first, ...fresh]);
    expect(back).toEqual([
      {
        requestId: "req-gone",
        platform: "x",
        target: "x:probe_gone",
        url: "https://x.com/probe_gone",
        goneAt: first[0]!.at,
        reappearedAt: fresh[0]!.at,
      },
    ]);
    // ... and the reinstated account joins the known accounts a mirror index compares new ones with.
    expect(reinstatementsAsKnownAccounts(back, requests)).toEqual([
      { platform: "x", handle: "probe_gone", group: "ttp", actionedAt: first[0]!.at },
    ]);
  });

  it("reads nothing but availability: no content and no personal data come back", async () => {
    const [record] = await verifyTargets([requests[1]!], { probe: probe(), now: clock });
    expect(Object.keys(record!).sort()).toEqual(
      ["at", "httpStatus", "platform", "probe", "reason", "requestId", "target", "type", "url"].sort(),
    );
  });
});
