import fc from "fast-check";
import {
  checkSafeguards,
  confirmPreservation,
  expiringPreservations,
  extendPreservation,
  IllegalTransitionError,
  PRESERVATION_PRESETS,
  PreservationLimitError,
  RequestEvent,
  requestProduction,
  requestState,
  SafeguardError,
  ValidationError,
  validate,
} from "referral-kit";
import { describe, expect, it } from "vitest";
import { PRESERVATION_TRANSITIONS } from "../../src/domain/kind-lifecycles.js";
import { preservationState } from "../../src/domain/preservation.js";
import { addPreservationDuration } from "../../src/domain/preservation-presets.js";
import type { RequestEventType } from "../../src/domain/schemas/request.js";
import { expectFoldRefusal, firstIllegal, makePreservation, walkTable } from "../support/disclosure.js";
import { approved, submitted, withEvents } from "../support/requests.js";

const officer = { id: "officer-12" };

/** Submitted 2025-03-01T10:00Z and confirmed by the platform two hours later. */
function preserved(rule: Parameters<typeof makePreservation>[0] = "eu-e-evidence") {
  const request = withEvents(makePreservation(rule), approved, submitted);
  return withEvents(
    request,
    confirmPreservation(request, { at: "2025-03-01T12:00:00Z", platformRef: "PR-1" }),
  );
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("preservation presets", () => {
  it("cite their sources and add days and calendar months in UTC", () => {
    for (const preset of Object.values(PRESERVATION_PRESETS)) {
      expect(preset.source.length).toBeGreaterThan(20);
      expect(preset.url).toMatch(/^https:\/\//);
    }
    expect(PRESERVATION_PRESETS["eu-tco"].period).toEqual({ months: 6 });
    expect(PRESERVATION_PRESETS["eu-e-evidence"]).toMatchObject({
      period: { days: 60 },
      maximum: { days: 90 },
    });
    expect(addPreservationDuration("2025-08-31T10:00:00Z", { months: 6 })).toBe("2026-02-28T10:00:00.000Z");
    expect(addPreservationDuration("2024-08-31T10:00:00Z", { months: 6 })).toBe("2025-02-28T10:00:00.000Z");
    expect(addPreservationDuration("2023-08-31T10:00:00Z", { months: 6 })).toBe("2024-02-29T10:00:00.000Z");
    expect(addPreservationDuration("2025-03-01T10:00:00Z", { days: 60 })).toBe("2025-04-30T10:00:00.000Z");
  });
});

describe("preservation details", () => {
  it("keeps approval back for a preserve request without its details, with a code of its own", () => {
    const missing = makePreservation("eu-e-evidence", { preservation: undefined });
    expect(checkSafeguards(missing, { stage: "approval" })).toEqual([
      expect.objectContaining({ rule: "preservation_details_required", field: "preservation" }),
    ]);
    let error: unknown;
    try {
      requestState(withEvents(missing, approved));
    } catch (caught) {
      error = caught;
    }
    expect(SafeguardError.isInstance(error)).toBe(true);
    expect((error as SafeguardError).violations.map((v) => v.rule)).toEqual([
      "preservation_details_required",
    ]);
    expect(checkSafeguards(makePreservation(), { stage: "approval" })).toEqual([]);
  });
});

describe("preservation lifecycle", () => {
  it("confirms a preservation until the rule's period from submission", () => {
    const request = preserved();
    expect(request.events.at(-1)).toMatchObject({
      type: "preserved",
      preservedUntil: "2025-04-30T10:00:00.000Z",
    });
    expect(requestState(request)).toMatchObject({ status: "preserved", outcome: "actioned" });
    expect(preservationState(request, { asOf: "2025-03-02T00:00:00Z" })).toMatchObject({
      status: "active",
      rule: "eu-e-evidence",
      preservedUntil: "2025-04-30T10:00:00.000Z",
      maximumUntil: "2025-05-30T10:00:00.000Z",
    });
  });

  it("extends within the maximum, and refuses an extension past it with the field and the limit", () => {
    const request = preserved();
    const extended = extendPreservation(request, {
      at: "2025-04-20T09:00:00Z",
      by: officer,
      extendBy: { days: 30 },
      reason: "The European Production Order is being issued",
    });
    expect(extended.preservedUntil).toBe("2025-05-30T10:00:00.000Z");
    const longer = withEvents(request, extended);

    const error = caught(() =>
      extendPreservation(longer, {
        at: "2025-05-20T09:00:00Z",
        by: officer,
        extendBy: { days: 30 },
        reason: "still waiting",
      }),
    );
    expect(PreservationLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "preservation_limit_exceeded",
      field: "preservedUntil",
      index: 5,
      requested: "2025-06-29T10:00:00.000Z",
      maximum: "2025-05-30T10:00:00.000Z",
      rule: "eu-e-evidence",
    });
    // The same history written directly fails to fold, so no store accepts it.
    const forged = withEvents(longer, {
      type: "preservation-extended",
      at: "2025-05-20T09:00:00Z",
      preservedUntil: "2025-06-29T10:00:00Z",
      reason: "still waiting",
    });
    expect(PreservationLimitError.isInstance(caught(() => requestState(forged)))).toBe(true);
  });

  it("lifts the e-Evidence maximum once production is requested, but not the SCA's", () => {
    const request = preserved();
    const asked = withEvents(
      request,
      requestProduction(request, {
        at: "2025-04-01T09:00:00Z",
        by: officer,
        disclosureRequestId: "disc-1",
        instrument: "european-production-order",
      }),
    );
    const later = extendPreservation(asked, {
      at: "2025-04-25T09:00:00Z",
      by: officer,
      preservedUntil: "2025-09-01T00:00:00Z",
      reason: "production pending",
    });
    expect(later.preservedUntil).toBe("2025-09-01T00:00:00.000Z");
    expect(preservationState(withEvents(asked, later), { asOf: "2025-06-01T00:00:00Z" })).toMatchObject({
      status: "production-requested",
      maximumUntil: undefined,
      disclosureRequestId: "disc-1",
      lapsedAt: undefined,
    });

    const sca = preserved("us-sca-2703f");
    const scaAsked = withEvents(sca, requestProduction(sca, { at: "2025-04-01T09:00:00Z", by: officer }));
    const error = caught(() =>
      extendPreservation(scaAsked, {
        at: "2025-05-01T09:00:00Z",
        by: officer,
        preservedUntil: "2025-09-01T00:00:00Z",
        reason: "production pending",
      }),
    );
    expect(error).toMatchObject({ code: "preservation_limit_exceeded", maximum: "2025-08-28T10:00:00.000Z" });
  });

  it("refuses an extension that does not extend, comes after the end, or names no end", () => {
    const request = preserved();
    const shorter = caught(() =>
      extendPreservation(request, {
        at: "2025-04-01T00:00:00Z",
        by: officer,
        preservedUntil: "2025-04-10T00:00:00Z",
        reason: "x",
      }),
    );
    expect(IllegalTransitionError.isInstance(shorter)).toBe(true);
    expect((shorter as Error).message).toMatch(/does not extend/);

    const late = caught(() =>
      extendPreservation(request, {
        at: "2025-05-02T00:00:00Z",
        by: officer,
        extendBy: { days: 10 },
        reason: "x",
      }),
    );
    expect((late as Error).message).toMatch(/ended at 2025-04-30T10:00:00.000Z, before this extension/);

    const nothing = caught(() =>
      extendPreservation(request, { at: "2025-04-01T00:00:00Z", by: officer, reason: "x" }),
    );
    expect((nothing as ValidationError).issues[0]!.path).toEqual(["preservedUntil"]);

    const unsaid = caught(() =>
      validate(RequestEvent, {
        type: "preservation-extended",
        at: "2025-04-01T00:00:00Z",
        preservedUntil: "2025-05-01T00:00:00Z",
        reason: " ",
      }),
    );
    expect((unsaid as ValidationError).issues[0]!.path).toEqual(["reason"]);
  });

  it("keeps TCO preservations without a fixed maximum, six calendar months from submission", () => {
    const request = preserved("eu-tco");
    expect(preservationState(request).preservedUntil).toBe("2025-09-01T10:00:00.000Z");
    const extended = extendPreservation(request, {
      at: "2025-08-01T00:00:00Z",
      by: officer,
      extendBy: { months: 12 },
      reason: "Judicial review of the removal order pending before the court",
    });
    expect(extended.preservedUntil).toBe("2026-09-01T10:00:00.000Z");
  });

  it("records when a preservation lapsed before any production request", () => {
    const request = preserved("meta-published");
    expect(preservationState(request, { asOf: "2025-07-01T00:00:00Z" })).toMatchObject({
      status: "lapsed",
      lapsedAt: "2025-05-30T10:00:00.000Z",
    });
    const tooLate = withEvents(
      request,
      requestProduction(request, { at: "2025-06-15T00:00:00Z", by: officer }),
    );
    expect(preservationState(tooLate)).toMatchObject({
      status: "production-requested",
      lapsedAt: "2025-05-30T10:00:00.000Z",
    });
  });

  it("random event sequences either fold or raise a typed error (property)", () => {
    const eventFor = (type: RequestEventType, index: number): RequestEvent => {
      const at = new Date(Date.UTC(2025, 2, 1, 9) + index * 60_000).toISOString();
      switch (type) {
        case "drafted":
        case "approved":
          return { type, at, by: { id: `person-${index}` } };
        case "preservation-extended":
          // Each extension an hour later than the one before and within the 90 days: legal wherever the table allows it.
          return {
            type,
            at,
            preservedUntil: new Date(Date.UTC(2025, 4, 1) + index * 3_600_000).toISOString(),
            reason: "r",
          };
        case "rejected":
        case "withdrawn":
          return { type, at, reason: "test" };
        case "information-requested":
          return { type, at, question: "which order?" };
        case "information-supplied":
          return { type, at, by: { id: `person-${index}` } };
        case "escalated":
          return {
            type,
            at,
            by: { id: `person-${index}` },
            level: "regulator",
            to: "the regulator",
            reason: "no answer",
          };
        default:
          return { type, at } as RequestEvent;
      }
    };
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), (picks) => {
        const sequence = walkTable(PRESERVATION_TRANSITIONS, picks) as RequestEventType[];
        const request = makePreservation("eu-e-evidence", { events: sequence.map(eventFor) });
        const illegal = firstIllegal(sequence, "preserve");
        try {
          expect(requestState(request).status).toBe(sequence[sequence.length - 1]);
          expect(illegal).toBe(-1);
        } catch (error) {
          expectFoldRefusal(error, illegal);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("expiringPreservations", () => {
  it("lists active preservations ending within N days, soonest first, and lapsed ones on request", () => {
    const soon = preserved("eu-e-evidence"); // ends 2025-04-30
    const later = { ...preserved("us-sca-2703f"), id: "pres-2" }; // ends 2025-05-30
    const asked = preserved("eu-e-evidence");
    const handled = {
      ...withEvents(asked, requestProduction(asked, { at: "2025-04-01T00:00:00Z", by: officer })),
      id: "pres-3",
    };
    const gone = { ...preserved("tiktok-published"), id: "pres-4", events: preserved().events.slice(0, 3) };
    const all = [later, soon, handled, gone];

    const due = expiringPreservations(all, { asOf: "2025-04-25T10:00:00Z", withinDays: 10 });
    expect(due).toEqual([
      {
        requestId: "pres-1",
        platform: "x",
        rule: "eu-e-evidence",
        preservedUntil: "2025-04-30T10:00:00.000Z",
        daysLeft: 5,
        extendable: true,
      },
    ]);
    expect(
      expiringPreservations(all, { asOf: "2025-04-25T10:00:00Z", withinDays: 40 }).map(
        (item) => item.requestId,
      ),
    ).toEqual(["pres-1", "pres-2"]);
    expect(
      expiringPreservations(all, { asOf: "2025-05-10T10:00:00Z", withinDays: 1, includeLapsed: true }).map(
        (item) => [item.requestId, item.daysLeft],
      ),
    ).toEqual([["pres-1", -10]]);
    expect(() => expiringPreservations(all, { withinDays: -1 })).toThrow(ValidationError);
  });
});
