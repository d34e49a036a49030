import fc from "fast-check";
import {
  canTransition,
  computeDeadline,
  IllegalTransitionError,
  ProductionReceipt,
  ReferralRequest,
  type RequestEvent,
  recordProduction,
  requestState,
  SafeguardError,
  ValidationError,
  validate,
} from "referral-kit";
import { describe, expect, it } from "vitest";
import { deadlineRule } from "../../src/domain/deadline.js";
import { disclosureState } from "../../src/domain/disclosure.js";
import { checkKindDetails } from "../../src/domain/disclosure-safeguards.js";
import { DISCLOSURE_TRANSITIONS } from "../../src/domain/kind-lifecycles.js";
import type { RequestEventType } from "../../src/domain/schemas/request.js";
import {
  expectFoldRefusal,
  firstIllegal,
  makeDisclosure,
  receipt,
  TEST_SHA256,
  walkTable,
} from "../support/disclosure.js";
import { approved, submitted, withEvents } from "../support/requests.js";

const PARSED_RECEIPT = ProductionReceipt.parse(receipt());
const sent = () => withEvents(makeDisclosure(), approved, submitted);

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("disclosure details", () => {
  it("refuses an emergency disclosure without its threat-to-life justification, naming the field", () => {
    const input = {
      ...makeDisclosure(),
      priority: "emergency",
      disclosure: { ...makeDisclosure().disclosure!, instrument: "emergency-disclosure" },
    };
    const error = caught(() => validate(ReferralRequest, input, "Request"));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: ["disclosure", "emergency"] });
    expect((error as ValidationError).message).toMatch(/threat-to-life justification/);

    const blank = {
      ...input,
      disclosure: { ...input.disclosure, emergency: { harm: "death", justification: "  " } },
    };
    const blankError = caught(() => validate(ReferralRequest, blank, "Request")) as ValidationError;
    expect(blankError.issues[0]!.path).toEqual(["disclosure", "emergency", "justification"]);
  });

  it("refuses repeated categories and accounts, an inverted period, and no-notice without a reason", () => {
    const base = makeDisclosure().disclosure!;
    const bad = {
      ...makeDisclosure(),
      disclosure: {
        ...base,
        dataCategories: ["subscriber", "subscriber"],
        accounts: ["x:a", "x:a"],
        period: { from: "2025-02-01T00:00:00Z", to: "2025-01-01T00:00:00Z" },
        confidentiality: { doNotNotify: true },
      },
    };
    const error = caught(() => validate(ReferralRequest, bad, "Request")) as ValidationError;
    const paths = error.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "disclosure.dataCategories.1",
        "disclosure.accounts.1",
        "disclosure.period.to",
        "disclosure.confidentiality.reason",
      ]),
    );
  });

  it("keeps approval back until the details fit the kind, listing every problem", () => {
    const missing = makeDisclosure({ disclosure: undefined });
    const error = caught(() => requestState(withEvents(missing, approved)));
    expect(SafeguardError.isInstance(error)).toBe(true);
    expect((error as SafeguardError).violations.map((v) => v.rule)).toEqual(["disclosure_details_required"]);

    const emergency = makeDisclosure({
      priority: "emergency",
      disclosure: { ...makeDisclosure().disclosure!, accounts: ["x:someone_else"] },
    });
    expect(checkKindDetails(emergency).map((v) => v.rule)).toEqual([
      "disclosure_account_unknown",
      "emergency_justification_required",
    ]);

    const slow = makeDisclosure({
      disclosure: {
        ...makeDisclosure().disclosure!,
        instrument: "emergency-disclosure",
        emergency: { harm: "death", justification: "An attack is announced for tomorrow at 08:00." },
      },
    });
    expect(checkKindDetails(slow).map((v) => v.rule)).toEqual(["emergency_priority_required"]);

    const misplaced = makeDisclosure({ kind: "suspend" });
    expect(checkKindDetails(misplaced).map((v) => v.rule)).toEqual(["kind_details_mismatch"]);
    expect(checkKindDetails(makeDisclosure())).toEqual([]);
  });
});

describe("disclosure lifecycle", () => {
  it("records a production with its receipt; the generic outcome counts it as an action", () => {
    const request = sent();
    const event = recordProduction(request, { at: "2025-03-04T09:05:00Z", receipt: receipt() });
    expect(event).toMatchObject({
      type: "produced",
      receipt: { hashesFrom: "agency", files: [{ sha256: TEST_SHA256 }] },
    });
    const done = withEvents(request, event);
    expect(requestState(done)).toMatchObject({
      status: "produced",
      outcome: "actioned",
      firstActionAt: "2025-03-04T09:05:00Z",
    });
    expect(disclosureState(done)).toMatchObject({
      outcome: "produced",
      instrument: "domestic-order",
      submittedAt: "2025-03-01T10:00:00Z",
      firstProductionAt: "2025-03-04T09:05:00Z",
      withheld: [],
    });
  });

  it("completes a partial production, and keeps time to production at the first one", () => {
    const request = sent();
    const partial = recordProduction(request, {
      at: "2025-03-04T09:05:00Z",
      receipt: receipt(),
      withheld: ["traffic-or-non-content"],
    });
    expect(partial.type).toBe("partially-produced");
    const half = withEvents(request, partial);
    expect(disclosureState(half)).toMatchObject({
      outcome: "partially-produced",
      withheld: ["traffic-or-non-content"],
    });
    expect(requestState(half).outcome).toBe("partially-actioned");

    const rest = recordProduction(half, {
      at: "2025-03-06T09:00:00Z",
      receipt: receipt({ files: [{ name: "logins.csv", sha256: TEST_SHA256, size: 4 }] }),
    });
    const whole = withEvents(half, rest);
    expect(requestState(whole)).toMatchObject({ outcome: "actioned", outcomeAt: "2025-03-06T09:00:00Z" });
    expect(disclosureState(whole)).toMatchObject({
      outcome: "produced",
      firstProductionAt: "2025-03-04T09:05:00Z",
      productions: [{ withheld: ["traffic-or-non-content"] }, { withheld: [] }],
    });
  });

  it("treats no data as a final answer that counts with the refusals", () => {
    const done = withEvents(sent(), { type: "no-data", at: "2025-03-03T00:00:00Z" });
    expect(requestState(done).outcome).toBe("rejected");
    expect(disclosureState(done).outcome).toBe("no-data");
    expect(canTransition("no-data", "produced", "disclose-data")).toBe(false);
  });

  it("reads why a refusal was made from its per-target reason codes, in the domain's vocabulary", () => {
    const second = {
      type: "account",
      account: { kind: "username", platform: "x", username: "fictional_ttp_news" },
    } as const;
    const request = makeDisclosure({
      targets: [
        ...makeDisclosure().targets,
        { target: second, evidence: makeDisclosure().targets[0]!.evidence },
      ],
    });
    const refused = (outcomes?: { target: string; reasonCode: string }[]) =>
      disclosureState(
        withEvents(request, approved, submitted, {
          type: "rejected",
          at: "2025-03-03T00:00:00Z",
          reason: "Legal process required: serve a court order.",
          ...(outcomes ? { outcomes: outcomes.map((o) => ({ ...o, measure: "no-action" as const })) } : {}),
        } as RequestEvent),
      );
    expect(
      refused([
        { target: "x:fictional_ttp_media", reasonCode: "legal-process-required" },
        { target: "x:fictional_ttp_news", reasonCode: "outside-jurisdiction" },
      ]),
    ).toMatchObject({ outcome: "rejected", reasonCodes: ["legal-process-required", "outside-jurisdiction"] });
    expect(
      refused([
        { target: "x:fictional_ttp_media", reasonCode: "legal-process-required" },
        { target: "x:fictional_ttp_news", reasonCode: "legal-process-required" },
      ]).reasonCodes,
    ).toEqual(["legal-process-required"]);
    // Without codes the platform's words are all there is: no code is made up from them.
    expect(refused().reasonCodes).toEqual([]);
    expect(disclosureState(withEvents(request, approved, submitted)).reasonCodes).toEqual([]);
  });

  it("refuses the removal decisions, a withheld category never asked for, and a bad receipt", () => {
    const actioned = caught(() =>
      requestState(withEvents(sent(), { type: "actioned", at: "2025-03-02T00:00:00Z" })),
    );
    expect(IllegalTransitionError.isInstance(actioned)).toBe(true);
    expect(actioned).toMatchObject({ from: "submitted", event: "actioned", index: 3 });

    const withheld = caught(() =>
      recordProduction(sent(), { at: "2025-03-04T09:05:00Z", receipt: receipt(), withheld: ["content"] }),
    );
    expect(IllegalTransitionError.isInstance(withheld)).toBe(true);
    expect((withheld as Error).message).toMatch(/withheld category "content" was not asked for/);

    const badHash = caught(() =>
      recordProduction(sent(), {
        at: "2025-03-04T09:05:00Z",
        receipt: receipt({ files: [{ name: "a.csv", sha256: "ABC", size: 1 }] }),
      }),
    ) as ValidationError;
    expect(badHash.issues[0]!.path).toEqual(["events", 3, "receipt", "files", 0, "sha256"]);

    const empty = caught(() =>
      recordProduction(sent(), { at: "2025-03-04T09:05:00Z", receipt: receipt({ files: [] }) }),
    );
    expect((empty as ValidationError).issues[0]!.path).toEqual(["events", 3, "receipt", "files"]);

    const early = caught(() =>
      recordProduction(withEvents(makeDisclosure(), approved), {
        at: "2025-03-04T09:05:00Z",
        receipt: receipt(),
      }),
    );
    expect(IllegalTransitionError.isInstance(early)).toBe(true);
  });

  it("random event sequences either fold or raise IllegalTransitionError (property)", () => {
    const eventFor = (type: RequestEventType, index: number): RequestEvent => {
      const at = new Date(Date.UTC(2025, 2, 1, 9) + index * 60_000).toISOString();
      switch (type) {
        case "drafted":
        case "approved":
          return { type, at, by: { id: `person-${index}` } };
        case "produced":
          return { type, at, receipt: PARSED_RECEIPT };
        case "partially-produced":
          return { type, at, receipt: PARSED_RECEIPT, withheld: ["subscriber"] };
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
        const sequence = walkTable(DISCLOSURE_TRANSITIONS, picks) as RequestEventType[];
        const request = makeDisclosure({ events: sequence.map(eventFor) });
        const illegal = firstIllegal(sequence, "disclose-data");
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

describe("disclosure deadlines", () => {
  it("gives a European Production Order 10 days and 8 hours in an emergency, cited", () => {
    const epoc = {
      kind: "disclose-data" as const,
      priority: "standard" as const,
      instrument: "european-production-order" as const,
    };
    expect(computeDeadline(epoc, "2025-03-01T10:00:00Z")).toBe("2025-03-11T10:00:00.000Z");
    expect(deadlineRule({ ...epoc, priority: "emergency" })).toMatchObject({
      hours: 8,
      source: expect.stringMatching(/Art\. 10\(4\)/),
    });
    expect(
      computeDeadline(
        {
          kind: "disclose-data",
          priority: "emergency",
          disclosure: { instrument: "european-production-order" },
        },
        "2025-03-01T10:00:00Z",
      ),
    ).toBe("2025-03-01T18:00:00.000Z");
    // Other instruments have no time limit in law: no deadline, unless the policy gives one.
    expect(
      deadlineRule({ kind: "disclose-data", priority: "standard", instrument: "mlat" }).hours,
    ).toBeNull();
  });
});
