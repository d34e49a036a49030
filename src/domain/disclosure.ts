import { requestState } from "./lifecycle.js";
import type { DataCategory, DisclosureInstrument, ProductionReceipt } from "./schemas/disclosure.js";
import type { DeclineReason } from "./schemas/outcome.js";
import type { ReferralRequest } from "./schemas/request.js";

/**
 * Where a `disclose-data` request stands, as {@link disclosureState} reads it.
 *
 * @example
 * ```ts
 * const { outcome, productions, withheld }: DisclosureState = disclosureState(request);
 * ```
 */
export interface DisclosureState {
  /** The request's id. */
  requestId: string;
  /** The platform asked. */
  platform: string;
  /** The request's instrument (`disclosure.instrument`), when it has its details. */
  instrument: DisclosureInstrument | undefined;
  /**
   * `produced` once everything asked for arrived (a partial production completed counts), else the last
   * answer: `partially-produced`, `no-data`, `rejected`, or `withdrawn`; `pending` before any.
   */
  outcome: "produced" | "partially-produced" | "no-data" | "rejected" | "withdrawn" | "pending";
  /** When the request was submitted: the start of "time to production". */
  submittedAt: string | undefined;
  /** The first production (partial or full): the end of "time to production". */
  firstProductionAt: string | undefined;
  /** When the outcome was reached. */
  outcomeAt: string | undefined;
  /**
   * Every production, in order: when it was recorded, its receipt, and what the platform withheld (for a
   * partial one).
   */
  productions: { at: string; receipt: ProductionReceipt; withheld: DataCategory[] }[];
  /** The categories still withheld after the last partial production (empty once all arrived). */
  withheld: DataCategory[];
  /**
   * Why the platform refused, once the outcome is `rejected`: the reason codes of the refusal's per-target
   * outcomes in the domain's vocabulary (`legal-process-required`, `insufficient-information`, ...),
   * distinct, in the order first given. Empty when the platform gave no code (its words are the event's
   * `reason`), and for any other outcome.
   */
  reasonCodes: DeclineReason[];
}

/** The answer to a disclosure so far. */
export type DisclosureOutcome = DisclosureState["outcome"];

/** One production of a disclosure. */
type Production = DisclosureState["productions"][number];

/**
 * Reads where a `disclose-data` request stands: what was produced, when, with which receipts, and what
 * is still withheld. The history is folded with `requestState` first, so a history the lifecycle refuses
 * throws here too.
 *
 * @throws {TypeError} the request is not a `disclose-data` request.
 * @throws {IllegalTransitionError} the history breaks the disclosure lifecycle.
 *
 * @example
 * ```ts
 * import { disclosureState } from "referral-kit";
 *
 * const state = disclosureState(request);
 * if (state.outcome === "partially-produced") console.log("still withheld:", state.withheld.join(", "));
 * ```
 */
export function disclosureState(request: ReferralRequest): DisclosureState {
  if (request.kind !== "disclose-data") {
    throw new TypeError(`request ${request.id} is a "${request.kind}" request, not "disclose-data"`);
  }
  const folded = requestState(request);
  const productions: Production[] = [];
  let outcome: DisclosureOutcome = "pending";
  let outcomeAt: string | undefined;
  let withheld: DataCategory[] = [];
  let reasonCodes: DeclineReason[] = [];
  for (const event of request.events) {
    switch (event.type) {
      case "produced":
        productions.push({ at: event.at, receipt: event.receipt, withheld: [] });
        outcome = "produced";
        outcomeAt = event.at;
        withheld = [];
        break;
      case "partially-produced":
        productions.push({ at: event.at, receipt: event.receipt, withheld: [...(event.withheld ?? [])] });
        outcome = "partially-produced";
        outcomeAt = event.at;
        withheld = [...(event.withheld ?? [])];
        break;
      case "no-data":
      case "rejected":
      case "withdrawn":
        outcome = event.type;
        outcomeAt = event.at;
        reasonCodes =
          event.type === "rejected"
            ? [...new Set((event.outcomes ?? []).flatMap((o) => (o.reasonCode ? [o.reasonCode] : [])))]
            : [];
        break;
      default:
        break;
    }
  }
  return {
    requestId: request.id,
    platform: request.platform,
    instrument: request.disclosure?.instrument,
    outcome,
    submittedAt: folded.submittedAt,
    firstProductionAt: productions[0]?.at,
    outcomeAt,
    productions,
    withheld,
    reasonCodes: outcome === "rejected" ? reasonCodes : [],
  };
}
