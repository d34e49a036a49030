import { IllegalTransitionError, requestState } from "referral-kit";
import {
  challengesOf,
  computeTransparencyReport,
  RedressError,
  recordChallenge,
  recordChallengeOutcome,
} from "referral-kit/transparency";
import { describe, expect, it } from "vitest";
import { keysOf, PERIOD, request, submitted } from "./fixtures.js";

const actioned = () =>
  request("c1", {
    targets: ["x.com/fict_handle_1", "x.com/fict_handle_2"],
    events: [submitted("2025-02-01T10:00:00Z"), { type: "actioned", at: "2025-02-02T10:00:00Z" }],
  });

function redressError(run: () => unknown): RedressError {
  try {
    run();
  } catch (error) {
    if (RedressError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a RedressError");
}

describe("recordChallenge", () => {
  it("appends an appealed event without changing the input", () => {
    const before = actioned();
    const snapshot = structuredClone(before);
    const after = recordChallenge(before, {
      appellant: "account-holder",
      at: "2025-02-05T10:00:00Z",
      by: { id: "analyst-1" },
      note: "appeal received through the platform",
    });
    expect(before).toEqual(snapshot);
    expect(after.events).toHaveLength(before.events.length + 1);
    expect(after.events.at(-1)).toEqual({
      type: "appealed",
      at: "2025-02-05T10:00:00Z",
      by: { id: "analyst-1" },
      note: "appeal received through the platform",
      appellant: "account-holder",
    });
    expect(requestState(after).status).toBe("appealed");
  });

  it("refuses a challenge before any action, a second open challenge, and a time in the past", () => {
    const pending = request("c2", { events: [submitted("2025-02-01T10:00:00Z")] });
    const early = redressError(() =>
      recordChallenge(pending, { appellant: "platform", at: "2025-02-05T10:00:00Z" }),
    );
    expect(early.code).toBe("redress_not_allowed");
    expect(early.reason).toContain("submitted");
    expect(early.requestId).toBe("c2");

    const open = recordChallenge(actioned(), { appellant: "platform", at: "2025-02-05T10:00:00Z" });
    expect(
      redressError(() => recordChallenge(open, { appellant: "account-holder", at: "2025-02-06T10:00:00Z" }))
        .reason,
    ).toContain("already open");
    expect(
      redressError(() => recordChallenge(actioned(), { appellant: "platform", at: "2025-02-01T00:00:00Z" }))
        .reason,
    ).toContain("earlier than the last event");
    expect(
      redressError(() => recordChallenge(actioned(), { appellant: "platform", at: "5 February" })).reason,
    ).toContain("ISO 8601");
  });

  it("refuses a request whose history is already broken", () => {
    const broken = request("c3", { events: [{ type: "actioned", at: "2025-02-02T10:00:00Z" }] });
    let caught: unknown;
    try {
      recordChallenge(broken, { appellant: "platform", at: "2025-02-05T10:00:00Z" });
    } catch (error) {
      caught = error;
    }
    expect(IllegalTransitionError.isInstance(caught)).toBe(true);
  });
});

describe("recordChallengeOutcome", () => {
  it("upheld appends actioned; reinstated appends reinstated; both close the challenge", () => {
    const open = recordChallenge(actioned(), { appellant: "account-holder", at: "2025-02-05T10:00:00Z" });
    const upheld = recordChallengeOutcome(open, { outcome: "upheld", at: "2025-02-09T10:00:00Z" });
    expect(upheld.events.at(-1)).toEqual({ type: "actioned", at: "2025-02-09T10:00:00Z" });
    expect(challengesOf(upheld)).toEqual([
      {
        appellant: "account-holder",
        at: "2025-02-05T10:00:00Z",
        outcome: "upheld",
        decidedAt: "2025-02-09T10:00:00Z",
      },
    ]);
    // After an upheld challenge, a new challenge may be recorded (a further appeal).
    const again = recordChallenge(upheld, { appellant: "account-holder", at: "2025-02-10T10:00:00Z" });
    const restored = recordChallengeOutcome(again, {
      outcome: "reinstated",
      at: "2025-02-12T10:00:00Z",
      by: { id: "x-trust" },
    });
    expect(restored.events.at(-1)).toEqual({
      type: "reinstated",
      at: "2025-02-12T10:00:00Z",
      by: { id: "x-trust" },
    });
    expect(challengesOf(restored).map((challenge) => challenge.outcome)).toEqual(["upheld", "reinstated"]);
    expect(
      challengesOf(restored, { asOf: "2025-02-11T00:00:00Z" }).map((challenge) => challenge.outcome),
    ).toEqual(["upheld", "pending"]);
    // Reinstated is final.
    expect(
      redressError(() => recordChallenge(restored, { appellant: "platform", at: "2025-03-01T00:00:00Z" }))
        .reason,
    ).toContain("reinstated");
  });

  it("keeps a partial action partial when the challenge is dismissed", () => {
    const partial = request("c4", {
      platform: "telegram",
      kind: "remove-content",
      targets: ["t.me/fictional_channel/1", "t.me/fictional_channel/2"],
      events: [submitted("2025-02-01T10:00:00Z")],
    });
    const [first] = keysOf(partial);
    const acted = {
      ...partial,
      events: [
        ...partial.events,
        { type: "partially-actioned" as const, at: "2025-02-02T10:00:00Z", targets: [first!] },
      ],
    };
    const open = recordChallenge(acted, { appellant: "account-holder", at: "2025-02-03T10:00:00Z" });
    const upheld = recordChallengeOutcome(open, { outcome: "upheld", at: "2025-02-04T10:00:00Z" });
    expect(upheld.events.at(-1)).toEqual({ type: "actioned", at: "2025-02-04T10:00:00Z", targets: [first] });
    const report = computeTransparencyReport([upheld], { period: PERIOD });
    expect(report.total).toMatchObject({ itemsSpecified: 2, itemsActioned: 1, challenges: 1, upheld: 1 });
  });

  it("refuses an outcome with no open challenge, or an unknown outcome", () => {
    expect(
      redressError(() =>
        recordChallengeOutcome(actioned(), { outcome: "upheld", at: "2025-02-05T10:00:00Z" }),
      ).reason,
    ).toContain("no challenge is open");
    const open = recordChallenge(actioned(), { appellant: "platform", at: "2025-02-05T10:00:00Z" });
    expect(() =>
      recordChallengeOutcome(open, { outcome: "dismissed" as never, at: "2025-02-06T10:00:00Z" }),
    ).toThrow(RedressError);
  });

  it("counts challenges by appellant in the report", () => {
    let challenged = recordChallenge(actioned(), { appellant: "agency", at: "2025-02-05T10:00:00Z" });
    challenged = recordChallengeOutcome(challenged, { outcome: "upheld", at: "2025-02-06T10:00:00Z" });
    challenged = recordChallenge(challenged, { appellant: "platform", at: "2025-02-07T10:00:00Z" });
    const report = computeTransparencyReport([challenged], { period: PERIOD });
    expect(report.total).toMatchObject({
      challenges: 2,
      challengesByOther: 1,
      challengesByPlatform: 1,
      upheld: 1,
      challengesPending: 1,
    });
  });
});
