import {
  declineReason,
  IllegalTransitionError,
  InvalidOutcomeError,
  PlatformOutcome,
  RequestEvent,
  requestState,
  ValidationError,
  validate,
} from "referral-kit";
import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, isCountryCode } from "../../src/domain/countries.js";
import { DECLINE_REASONS } from "../../src/domain/schemas/outcome.js";
import { analyst, approved, evidence, makeRequest, submitted, withEvents } from "../support/requests.js";

const ACCOUNT = "x:fictional_ttp_media";
const POST = "x:fictional_ttp_media/status/123";

/** A request with an account and a post, approved and submitted at 2025-03-01T10:00Z, due 48 h later. */
function twoTargets(...events: RequestEvent[]) {
  const base = makeRequest();
  return withEvents(
    {
      ...base,
      targets: [
        ...base.targets,
        {
          target: {
            type: "content",
            platform: "x",
            kind: "post",
            id: "123",
            account: { kind: "username", platform: "x", username: "fictional_ttp_media" },
          },
          evidence: [evidence],
          sensitive: [],
        },
      ],
    },
    approved,
    submitted,
    ...events,
  );
}

function issues(input: unknown): string[] {
  const result = RequestEvent.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("ISO 3166 country codes", () => {
  it("lists the 249 officially assigned codes, each one a region CLDR names", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    for (const code of COUNTRY_CODES) expect(names.of(code), code).not.toBe(code);
  });

  it("leaves out only CLDR regions that are not ISO 3166-1 country codes", () => {
    const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
    // Exceptionally reserved (AC, CP, DG, EA, IC, TA), user-assigned or CLDR-only (EU, EZ, QO, UN, XA, XB,
    // XK, ZZ), and old codes ICU still names (e.g. AN, CS, SU, YU, BU, TP, ZR, ...).
    const notIso = new Set([
      ...["AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "EZ", "QO", "UN", "XA", "XB", "XK", "ZZ"],
      ...["AN", "BU", "CS", "DD", "FX", "NT", "QU", "SU", "TP", "UK", "YD", "YU", "ZR"],
    ]);
    const current = new Set(COUNTRY_CODES.map((code) => names.of(code)));
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (const a of letters) {
      for (const b of letters) {
        const code = a + b;
        const name = names.of(code);
        if (isCountryCode(code)) expect(name, code).toBeDefined();
        // Old codes ICU maps to a current one (DY for Benin) carry that country's name.
        else if (name !== undefined && !current.has(name)) {
          expect(notIso.has(code), `${code} (${name}) is named by CLDR`).toBe(true);
        }
      }
    }
  });

  it("is case-sensitive: codes are upper case", () => {
    expect(isCountryCode("PK")).toBe(true);
    expect(isCountryCode("pk")).toBe(false);
    expect(isCountryCode("XK")).toBe(false);
  });
});

describe("PlatformOutcome", () => {
  it("accepts an action with scope, ground and until, and a decline with its reason", () => {
    expect(
      PlatformOutcome.parse({
        target: ACCOUNT,
        measure: "account-suspended",
        scope: ["PK", "AF"],
        ground: "local-law",
        until: "2025-04-01T00:00:00Z",
      }),
    ).toMatchObject({ scope: ["PK", "AF"] });
    expect(
      PlatformOutcome.parse({
        target: ACCOUNT,
        measure: "no-action",
        reasonCode: "legal-process-required",
        platformText: "Please send a court order",
      }).reasonCode,
    ).toBe("legal-process-required");
  });

  it.each([
    [{ measure: "content-disabled", scope: ["pk"] }, "scope.0"],
    [{ measure: "content-disabled", scope: ["XK"] }, "scope.0"],
    [{ measure: "content-disabled", scope: ["PK", "PK"] }, "scope"],
    [{ measure: "content-disabled", scope: [] }, "scope"],
    [{ measure: "no-action" }, "reasonCode"],
    [{ measure: "no-action", reasonCode: "not-violating", scope: "global" }, "scope"],
    [{ measure: "content-removed", reasonCode: "duplicate" }, "reasonCode"],
    [{ measure: "account-terminated", until: "2026-01-01T00:00:00Z" }, "until"],
    [{ measure: "no-action", reasonCode: "made-up" }, "reasonCode"],
  ])("refuses %j at %s", (fields, path) => {
    const result = PlatformOutcome.safeParse({ target: ACCOUNT, ...fields });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toContain(path);
  });
});

describe("decision events with outcomes", () => {
  const at = "2025-03-02T10:00:00Z";

  it("refuses an until not after the decision, naming the field", () => {
    expect(
      issues({
        type: "actioned",
        at,
        outcomes: [{ target: ACCOUNT, measure: "account-suspended", until: "2025-03-01T00:00:00Z" }],
      }),
    ).toEqual([
      "outcomes.0.until: until 2025-03-01T00:00:00Z is not after the decision at 2025-03-02T10:00:00Z",
    ]);
  });

  it("refuses a rejection that acts, an action that only declines, and a target decided twice", () => {
    expect(
      issues({
        type: "rejected",
        at,
        reason: "no",
        outcomes: [{ target: ACCOUNT, measure: "content-removed" }],
      }),
    ).toHaveLength(1);
    expect(
      issues({
        type: "actioned",
        at,
        outcomes: [{ target: ACCOUNT, measure: "no-action", reasonCode: "duplicate" }],
      }),
    ).toHaveLength(1);
    expect(
      issues({
        type: "actioned",
        at,
        outcomes: [
          { target: ACCOUNT, measure: "content-removed" },
          { target: ACCOUNT, measure: "labelled" },
        ],
      }),
    ).toEqual([`outcomes.1.target: target "${ACCOUNT}" has two outcomes in one event`]);
  });

  it("refuses a target listed as actioned whose outcome is no-action", () => {
    expect(
      issues({
        type: "partially-actioned",
        at,
        targets: [ACCOUNT, POST],
        outcomes: [
          { target: ACCOUNT, measure: "account-suspended" },
          { target: POST, measure: "no-action", reasonCode: "already-removed" },
        ],
      }),
    ).toHaveLength(1);
  });

  it("takes a partial action whose actioned target has no measure (a preservation) and whose other target declined", () => {
    expect(
      issues({
        type: "partially-actioned",
        at,
        targets: [ACCOUNT],
        outcomes: [{ target: POST, measure: "no-action", reasonCode: "private-or-end-to-end-encrypted" }],
      }),
    ).toEqual([]);
    expect(
      issues({
        type: "partially-actioned",
        at,
        outcomes: [{ target: POST, measure: "no-action", reasonCode: "not-violating" }],
      }),
    ).toHaveLength(1);
  });

  it("turns a bad outcome into a ValidationError with the path", () => {
    const error = catchError(() =>
      validate(RequestEvent, {
        type: "actioned",
        at,
        outcomes: [{ target: ACCOUNT, measure: "content-disabled", scope: ["ZZ"] }],
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]!.path).toEqual(["outcomes", 0, "scope", 0]);
  });
});

describe("outcomes in the fold", () => {
  it("refuses an outcome for a target the request does not have", () => {
    const request = twoTargets({
      type: "actioned",
      at: "2025-03-02T10:00:00Z",
      outcomes: [{ target: "x:someone_else", measure: "content-removed" }],
    });
    const error = catchError(() => requestState(request));
    expect(InvalidOutcomeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "invalid_outcome",
      target: "x:someone_else",
      index: 3,
      requestId: "req-1",
    });
  });

  it("reads old histories as unspecified: an action without outcomes, a rejection without reasons", () => {
    const actioned = requestState(twoTargets({ type: "actioned", at: "2025-03-02T10:00:00Z" }));
    expect(actioned.outcomes).toEqual([
      {
        target: ACCOUNT,
        measure: "unspecified",
        scope: "unspecified",
        ground: "unspecified",
        at: "2025-03-02T10:00:00Z",
        event: "actioned",
      },
      {
        target: POST,
        measure: "unspecified",
        scope: "unspecified",
        ground: "unspecified",
        at: "2025-03-02T10:00:00Z",
        event: "actioned",
      },
    ]);
    const rejected = requestState(twoTargets({ type: "rejected", at: "2025-03-02T10:00:00Z", reason: "no" }));
    expect(rejected.outcomes.map((o) => [o.measure, o.reasonCode])).toEqual([
      ["no-action", "unspecified"],
      ["no-action", "unspecified"],
    ]);
  });

  it("keeps the latest decision per target: a withheld post removed worldwide after an escalation", () => {
    const state = requestState(
      twoTargets(
        {
          type: "partially-actioned",
          at: "2025-03-02T10:00:00Z",
          targets: [POST],
          outcomes: [
            { target: POST, measure: "content-disabled", scope: ["PK"], ground: "local-law" },
            {
              target: ACCOUNT,
              measure: "no-action",
              reasonCode: "not-violating",
              platformText: "No violation",
            },
          ],
        },
        {
          type: "escalated",
          at: "2025-03-03T10:00:00Z",
          by: analyst,
          level: "country-representative",
          to: "the platform's country representative",
          reason: "withheld in Pakistan only; the account is the group's official channel",
        },
        {
          type: "actioned",
          at: "2025-03-05T10:00:00Z",
          outcomes: [
            { target: POST, measure: "content-removed", scope: "global", ground: "terms-of-service" },
            { target: ACCOUNT, measure: "account-terminated", scope: "global", ground: "terms-of-service" },
          ],
        },
      ),
    );
    expect(state).toMatchObject({
      outcome: "partially-actioned",
      finalOutcome: "actioned",
      finalOutcomeAt: "2025-03-05T10:00:00Z",
      firstActionAt: "2025-03-02T10:00:00Z",
      actionAfterEscalationAt: "2025-03-05T10:00:00Z",
      escalations: [{ at: "2025-03-03T10:00:00Z", level: "country-representative" }],
    });
    expect(state.outcomes.map((o) => [o.target, o.measure, o.scope])).toEqual([
      [POST, "content-removed", "global"],
      [ACCOUNT, "account-terminated", "global"],
    ]);
  });

  it("lets a rejection be escalated and answered, keeping the first answer as the outcome", () => {
    const state = requestState(
      twoTargets(
        { type: "rejected", at: "2025-03-02T10:00:00Z", reason: "court order needed" },
        {
          type: "escalated",
          at: "2025-03-03T10:00:00Z",
          by: analyst,
          level: "regulator",
          to: "PTA",
          reason: "disputed",
        },
        { type: "rejected", at: "2025-03-06T10:00:00Z", reason: "still no" },
      ),
    );
    expect(state).toMatchObject({
      outcome: "rejected",
      outcomeAt: "2025-03-02T10:00:00Z",
      finalOutcome: "rejected",
    });
    expect(state.actionAfterEscalationAt).toBeUndefined();
  });
});

describe("the platform's questions", () => {
  it("stops the clock at the question and restarts it, with the full time, at the answer", () => {
    const state = requestState(
      twoTargets(
        { type: "acknowledged", at: "2025-03-01T11:00:00Z" },
        { type: "information-requested", at: "2025-03-01T20:00:00Z", question: "Which section applies?" },
        { type: "information-supplied", at: "2025-03-04T08:00:00Z", by: analyst },
      ),
    );
    // Submitted 2025-03-01T10:00, due 2025-03-03T10:00: 48 hours, which restart at the answer.
    expect(state).toMatchObject({
      status: "information-supplied",
      acknowledgedAt: "2025-03-01T11:00:00Z",
      deadline: "2025-03-06T08:00:00.000Z",
      agencyWaits: [{ from: "2025-03-01T20:00:00Z", to: "2025-03-04T08:00:00Z" }],
    });
  });

  it("has no deadline while the question is open, and refuses expiry then", () => {
    const waiting = twoTargets({ type: "information-requested", at: "2025-03-01T20:00:00Z", question: "?" });
    expect(requestState(waiting)).toMatchObject({
      deadline: undefined,
      acknowledgedAt: "2025-03-01T20:00:00Z",
    });
    const escalatedThenExpired = withEvents(
      waiting,
      {
        type: "escalated",
        at: "2025-03-02T10:00:00Z",
        by: analyst,
        level: "regulator",
        to: "PTA",
        reason: "stalling",
      },
      { type: "expired", at: "2025-03-04T10:00:00Z" },
    );
    expect(() => requestState(escalatedThenExpired)).toThrow(/clock is stopped/);
  });

  it("refuses an answer without a question and a second expiry without a restart", () => {
    const escalated = {
      type: "escalated",
      at: "2025-03-02T10:00:00Z",
      by: analyst,
      level: "regulator",
      to: "PTA",
      reason: "x",
    } as const;
    const answer = { type: "information-supplied", at: "2025-03-03T10:00:00Z", by: analyst } as const;
    expect(() => requestState(twoTargets(escalated, answer))).toThrow(IllegalTransitionError);
    const twice = twoTargets(
      { type: "expired", at: "2025-03-03T11:00:00Z" },
      { ...escalated, at: "2025-03-03T12:00:00Z" },
      { type: "expired", at: "2025-03-03T13:00:00Z" },
    );
    expect(() => requestState(twice)).toThrow(/already expired/);
  });
});

describe("declineReason", () => {
  it("keeps a known code and turns an unknown one into other, keeping the code and text", () => {
    for (const code of DECLINE_REASONS) expect(declineReason(code).reasonCode).toBe(code);
    expect(declineReason("POLICY_47", "  Reviewed under policy 47 ")).toEqual({
      reasonCode: "other",
      platformCode: "POLICY_47",
      platformText: "Reviewed under policy 47",
    });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
