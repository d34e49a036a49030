import {
  computeDeadline,
  DEADLINE_POLICIES,
  expiryEvent,
  ReferralChainError,
  type RequestEvent,
  referralChains,
  requestState,
} from "referral-kit";
import { describe, expect, it } from "vitest";
import { analyst, approved, makeRequest, submitted, withEvents } from "../support/requests.js";

// makeRequest: submitted 2025-03-01T10:00Z, due 2025-03-03T10:00Z.
const sent = withEvents(makeRequest(), approved, submitted);

describe("expiryEvent", () => {
  it("returns the expired event once the deadline has passed, and nothing after it is appended", () => {
    expect(expiryEvent(sent, "2025-03-03T09:59:59Z")).toBeNull();
    const event = expiryEvent(sent, "2025-03-04T00:00:00Z", { id: "referral-kit:expire" });
    expect(event).toEqual({
      type: "expired",
      at: "2025-03-03T10:00:00.000Z",
      deadline: "2025-03-03T10:00:00.000Z",
      by: { id: "referral-kit:expire" },
    });
    const expired = withEvents(sent, event!);
    expect(requestState(expired).status).toBe("expired");
    expect(expiryEvent(expired, "2025-03-10T00:00:00Z")).toBeNull();
  });

  it("records nothing for a decided request, or while the platform waits on the agency", () => {
    const decided = withEvents(sent, { type: "rejected", at: "2025-03-02T00:00:00Z", reason: "no" });
    expect(expiryEvent(decided, "2025-03-10T00:00:00Z")).toBeNull();
    const asked = withEvents(sent, {
      type: "information-requested",
      at: "2025-03-02T00:00:00Z",
      question: "?",
    });
    expect(expiryEvent(asked, "2025-03-10T00:00:00Z")).toBeNull();
  });

  it("expires again against the deadline restarted by an answer", () => {
    const events: RequestEvent[] = [
      { type: "expired", at: "2025-03-03T10:00:00Z" },
      { type: "information-requested", at: "2025-03-04T00:00:00Z", question: "?" },
      { type: "information-supplied", at: "2025-03-05T00:00:00Z", by: analyst },
    ];
    const answered = withEvents(sent, ...events);
    expect(expiryEvent(answered, "2025-03-06T23:00:00Z")).toBeNull();
    expect(expiryEvent(answered, "2025-03-07T01:00:00Z")).toMatchObject({ at: "2025-03-07T00:00:00.000Z" });
  });

  it("dates the event after the last one when that came after the deadline", () => {
    const late = withEvents(sent, { type: "acknowledged", at: "2025-03-03T12:00:00Z" });
    expect(expiryEvent(late, "2025-03-04T00:00:00Z")?.at).toBe("2025-03-03T12:00:00.000Z");
  });
});

describe("referralChains", () => {
  it("links re-referrals first try first, in any input order, with singletons and a missing start", () => {
    const chains = referralChains([
      { id: "c", platform: "x", supersedes: "b" },
      { id: "a", platform: "x" },
      { id: "b", platform: "x", supersedes: "a" },
      { id: "lonely", platform: "tiktok" },
      { id: "e", platform: "x", supersedes: "not-given" },
    ]);
    expect(chains).toEqual([
      { ids: ["a", "b", "c"], first: "a", final: "c" },
      { ids: ["lonely"], first: "lonely", final: "lonely" },
      { ids: ["e"], first: "e", final: "e", missing: "not-given" },
    ]);
  });

  it.each([
    [[{ id: "a", platform: "x", supersedes: "a" }], /supersedes itself/],
    [
      [
        { id: "a", platform: "x", supersedes: "b" },
        { id: "b", platform: "x", supersedes: "a" },
      ],
      /cycle/,
    ],
    [
      [
        { id: "a", platform: "x" },
        { id: "b", platform: "x", supersedes: "a" },
        { id: "c", platform: "x", supersedes: "a" },
      ],
      /cannot fork/,
    ],
    [
      [
        { id: "a", platform: "x" },
        { id: "b", platform: "tiktok", supersedes: "a" },
      ],
      /same platform/,
    ],
  ])("refuses a broken chain (%#)", (links, message) => {
    let caught: unknown;
    try {
      referralChains(links);
    } catch (error) {
      caught = error;
    }
    expect(ReferralChainError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('DEADLINE_POLICIES["pakistan-2021"]', () => {
  it("gives 48 hours, 12 in an emergency, and says its figures are from secondary sources", () => {
    const from = "2025-03-01T10:00:00Z";
    expect(
      computeDeadline({ kind: "suspend", priority: "standard" }, from, DEADLINE_POLICIES["pakistan-2021"]),
    ).toBe("2025-03-03T10:00:00.000Z");
    expect(
      computeDeadline({ kind: "suspend", priority: "emergency" }, from, DEADLINE_POLICIES["pakistan-2021"]),
    ).toBe("2025-03-01T22:00:00.000Z");
    for (const rule of [
      ...DEADLINE_POLICIES["pakistan-2021"].rules,
      DEADLINE_POLICIES["pakistan-2021"].fallback,
    ]) {
      expect(rule.source).toMatch(/secondary sources/);
    }
  });
});
