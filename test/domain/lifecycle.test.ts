import fc from "fast-check";
import {
  canTransition,
  IllegalTransitionError,
  RequestEvent,
  requestState,
  SafeguardError,
} from "referral-kit";
import { describe, expect, it } from "vitest";
import { DISCLOSURE_TRANSITIONS, PRESERVATION_TRANSITIONS } from "../../src/domain/kind-lifecycles.js";
import { TRANSITIONS } from "../../src/domain/lifecycle.js";
import type { RequestEventType } from "../../src/domain/schemas/request.js";
import {
  analyst,
  approved,
  director,
  makeRequest,
  submitted,
  supervisor,
  withEvents,
} from "../support/requests.js";

describe("requestState", () => {
  it("folds the happy path to actioned with approvers and times", () => {
    const request = withEvents(makeRequest(), approved, submitted, {
      type: "actioned",
      at: "2025-03-02T10:00:00Z",
    });
    const state = requestState(request);
    expect(state).toMatchObject({
      status: "actioned",
      outcome: "actioned",
      outcomeAt: "2025-03-02T10:00:00Z",
      firstActionAt: "2025-03-02T10:00:00Z",
      submittedAt: "2025-03-01T10:00:00Z",
      draftedAt: "2025-03-01T09:00:00Z",
      eventCount: 4,
    });
    expect(state.approvers.map((approver) => approver.id)).toEqual(["supervisor-1"]);
  });

  it("accepts events and content separately", () => {
    const request = withEvents(makeRequest(), approved);
    expect(requestState(request.events, request).status).toBe("approved");
  });

  it("keeps a pending outcome until the platform decides", () => {
    const request = withEvents(makeRequest(), approved, submitted, {
      type: "acknowledged",
      at: "2025-03-01T11:00:00Z",
    });
    expect(requestState(request)).toMatchObject({
      status: "acknowledged",
      outcome: "pending",
      outcomeAt: undefined,
    });
  });

  it("records a late decision after expiry and keeps the first action time through appeals", () => {
    const request = withEvents(
      makeRequest(),
      approved,
      submitted,
      { type: "expired", at: "2025-03-03T10:00:00Z" },
      { type: "partially-actioned", at: "2025-03-04T10:00:00Z", targets: ["x:fictional_ttp_media"] },
      { type: "actioned", at: "2025-03-05T10:00:00Z" },
      { type: "appealed", at: "2025-03-06T10:00:00Z", appellant: "account-holder" },
      { type: "reinstated", at: "2025-03-07T10:00:00Z" },
    );
    expect(requestState(request)).toMatchObject({
      status: "reinstated",
      outcome: "actioned",
      outcomeAt: "2025-03-05T10:00:00Z",
      firstActionAt: "2025-03-04T10:00:00Z",
    });
  });

  it("keeps a partial action partial when an appeal against it is dismissed", () => {
    const request = withEvents(
      makeRequest(),
      approved,
      submitted,
      { type: "partially-actioned", at: "2025-03-02T10:00:00Z", targets: ["x:fictional_ttp_media"] },
      { type: "appealed", at: "2025-03-03T10:00:00Z", appellant: "account-holder" },
      { type: "actioned", at: "2025-03-04T10:00:00Z", targets: ["x:fictional_ttp_media"] },
    );
    expect(requestState(request)).toMatchObject({
      status: "actioned",
      outcome: "partially-actioned",
      outcomeAt: "2025-03-02T10:00:00Z",
    });
  });

  it("counts a withdrawal as the outcome", () => {
    const request = withEvents(makeRequest(), approved, submitted, {
      type: "withdrawn",
      at: "2025-03-01T12:00:00Z",
      reason: "duplicate",
      by: supervisor,
    });
    expect(requestState(request)).toMatchObject({ outcome: "withdrawn", outcomeAt: "2025-03-01T12:00:00Z" });
  });

  it("rejects an empty history", () => {
    expect(() => requestState(makeRequest({ events: [] }))).toThrow(IllegalTransitionError);
  });

  it("rejects a transition the table does not allow, naming the states and the index", () => {
    const request = withEvents(makeRequest(), { ...submitted });
    const error = catchError(() => requestState(request));
    expect(IllegalTransitionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "illegal_transition",
      from: "drafted",
      event: "submitted",
      index: 1,
      requestId: "req-1",
    });
    expect((error as Error).message).toContain('"submitted" is not allowed after "drafted"');
  });

  it("rejects two outcomes", () => {
    const request = withEvents(
      makeRequest(),
      approved,
      submitted,
      { type: "rejected", at: "2025-03-02T10:00:00Z", reason: "not a violation" },
      { type: "actioned", at: "2025-03-03T10:00:00Z" },
    );
    expect(() => requestState(request)).toThrow(/"actioned" is not allowed after "rejected"/);
  });

  it("rejects events out of time order", () => {
    const request = withEvents(makeRequest(), approved, { ...submitted, at: "2025-03-01T09:10:00Z" });
    expect(() => requestState(request)).toThrow(/earlier than the event before it/);
  });

  it("rejects the same approver twice", () => {
    const request = withEvents(makeRequest(), approved, { ...approved, at: "2025-03-01T09:40:00Z" });
    expect(() => requestState(request)).toThrow(/already approved/);
  });
});

describe("safeguards in the fold", () => {
  it("refuses approval without legal basis, designation or evidence, listing all three", () => {
    const base = makeRequest();
    const request = withEvents(
      {
        ...base,
        legalBasis: undefined,
        designations: [],
        targets: base.targets.map((entry) => ({ ...entry, evidence: [] })),
      },
      approved,
    );
    const error = catchError(() => requestState(request));
    expect(SafeguardError.isInstance(error)).toBe(true);
    expect((error as SafeguardError).violations.map((violation) => violation.rule)).toEqual([
      "legal_basis_required",
      "designation_required",
      "evidence_required",
    ]);
    expect((error as Error).message).toContain("x:fictional_ttp_media");
  });

  it("needs two distinct approvers when a target is sensitive", () => {
    const base = makeRequest();
    const sensitive = {
      ...base,
      targets: base.targets.map((entry) => ({ ...entry, sensitive: ["journalist" as const] })),
    };
    const once = withEvents(sensitive, approved, submitted);
    const error = catchError(() => requestState(once));
    expect((error as SafeguardError).violations.map((violation) => violation.rule)).toEqual([
      "second_approver_required",
    ]);

    const twice = withEvents(
      sensitive,
      approved,
      { type: "approved", at: "2025-03-01T09:45:00Z", by: director },
      submitted,
    );
    expect(requestState(twice).approvers.map((approver) => approver.id)).toEqual([
      "supervisor-1",
      "director-1",
    ]);
  });

  it("lets the drafter be the approver only as one of the distinct approvers", () => {
    const request = withEvents(
      makeRequest(),
      { type: "approved", at: "2025-03-01T09:30:00Z", by: analyst },
      submitted,
    );
    expect(requestState(request).status).toBe("submitted");
  });
});

describe("TRANSITIONS", () => {
  it("has an entry for every event type (in one of the kinds' tables) and only names event types", () => {
    const types = RequestEvent.options.map((option) => option.shape.type.value);
    const tables = [TRANSITIONS, DISCLOSURE_TRANSITIONS, PRESERVATION_TRANSITIONS];
    expect([...new Set(tables.flatMap((table) => Object.keys(table)))].sort()).toEqual(
      ["initial", ...types].sort(),
    );
    for (const table of tables) {
      for (const next of Object.values(table) as (readonly string[] | undefined)[]) {
        for (const type of next ?? []) expect(types).toContain(type);
      }
    }
    expect(canTransition(null, "drafted")).toBe(true);
    expect(canTransition("withdrawn", "actioned")).toBe(false);
  });

  it("random event sequences either fold or raise IllegalTransitionError (property)", () => {
    // The removal table's events; the disclosure and preservation tables have their own property test.
    const types = RequestEvent.options
      .map((option) => option.shape.type.value)
      .filter((type) => type in TRANSITIONS) as RequestEventType[];
    const eventFor = (type: RequestEventType, index: number): RequestEvent => {
      const at = new Date(Date.UTC(2025, 2, 1, 9) + index * 60_000).toISOString();
      const by = { id: `person-${index}` };
      switch (type) {
        case "drafted":
        case "approved":
          return { type, at, by };
        case "partially-actioned":
          return { type, at, targets: ["x:fictional_ttp_media"] };
        case "rejected":
        case "withdrawn":
          return { type, at, reason: "test" };
        case "appealed":
          return { type, at, appellant: "account-holder" };
        case "information-requested":
          return { type, at, question: "which law?" };
        case "information-supplied":
          return { type, at, by };
        case "escalated":
          return { type, at, by, level: "regulator", to: "the regulator", reason: "no answer" };
        case "produced":
        case "partially-produced":
        case "preservation-extended":
          throw new Error(`"${type}" is not in the removal table`);
        default:
          return { type, at };
      }
    };
    // The rules the fold adds to the table: an answer needs an open question, no expiry while the clock
    // is stopped or twice without a restart, appeals and reinstatements need an earlier action.
    const legalSequence = (sequence: RequestEventType[]): boolean => {
      let status: RequestEventType | null = null;
      let question = false;
      let expired = false;
      let acted = false;
      for (const type of sequence) {
        if (!canTransition(status, type)) return false;
        if (type === "information-requested") question = true;
        if (type === "information-supplied") {
          if (!question) return false;
          question = false;
          expired = false;
        }
        if (type === "expired") {
          if (question || expired) return false;
          expired = true;
        }
        if ((type === "appealed" || type === "reinstated") && !acted) return false;
        if ((type === "actioned" || type === "partially-actioned") && status !== "appealed") acted = true;
        status = type;
      }
      return true;
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...types), { minLength: 1, maxLength: 12 }), (sequence) => {
        const events = sequence.map(eventFor);
        const request = makeRequest({ events });
        const legal = legalSequence(sequence);
        try {
          const state = requestState(request);
          expect(legal).toBe(true);
          expect(state.status).toBe(sequence[sequence.length - 1]);
        } catch (error) {
          expect(IllegalTransitionError.isInstance(error)).toBe(true);
          expect(legal).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
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
