/**
 * Version 1 of the adapter specification: the plain types an adapter implements. An adapter declares
 * `specificationVersion: "v1"`; a later, incompatible version would get a folder of its own beside this
 * one, and `resolveAdapter` would accept both through a transition (today it accepts `v1` only).
 */
import type { PlatformId } from "../../domain/platforms.js";
import type {
  ActionGround,
  DeclineReason,
  OutcomeMeasure,
  OutcomeScope,
} from "../../domain/schemas/outcome.js";
import type { RequestContent, RequestKind, RequestTarget } from "../../domain/schemas/request.js";
import type { Target } from "../../domain/targets/target.js";
import type { DisclosureAnswer } from "./disclosure-answer.js";

/** A target type: a whole `account`, or one piece of `content` (internal name for `Target["type"]`). */
export type TargetType = Target["type"];

/** A rate limit the platform documents (one entry of `AdapterCapabilities.rateLimits`). */
export type DeclaredRateLimit = AdapterCapabilities["rateLimits"][number];

/**
 * What an adapter can do, declared up front. `defineAdapter` checks every call against it before any HTTP,
 * and the conformance suite skips scenarios for what is not declared.
 *
 * @example
 * ```ts
 * const capabilities: AdapterCapabilities = {
 *   requestKinds: ["suspend", "remove-content"],
 *   targetTypes: ["account", "content"],
 *   targetTypesByKind: { "remove-content": ["content"] },
 *   statusPolling: true,
 *   webhooks: false,
 *   withdrawal: true,
 *   maxTargetsPerCall: 50,
 *   rateLimits: [{ operation: "submit", limit: 100, windowMs: 60_000 }],
 * };
 * ```
 */
export interface AdapterCapabilities {
  /** The request kinds the platform accepts through this adapter. */
  readonly requestKinds: readonly RequestKind[];
  /** The target types the platform accepts: whole `account`s, pieces of `content`. */
  readonly targetTypes: readonly Target["type"][];
  /**
   * The target types a request kind takes, for kinds that take fewer than `targetTypes` (WhatsApp's
   * `remove-content` takes messages, not whole accounts). A kind not listed takes every type in
   * `targetTypes`. `defineAdapter` refuses the other pairs before any HTTP, and a dispatcher at enqueue.
   */
  readonly targetTypesByKind?: Readonly<Partial<Record<RequestKind, readonly Target["type"][]>>>;
  /** True when `getStatus` asks the platform for the state of a submission. */
  readonly statusPolling: boolean;
  /** True when `parseWebhook` turns the platform's callbacks into status updates. */
  readonly webhooks: boolean;
  /** True when `withdraw` cancels a submission on the platform. */
  readonly withdrawal: boolean;
  /** The most targets one `submit` call takes; a dispatcher splits larger requests. */
  readonly maxTargetsPerCall: number;
  /**
   * The platform's documented rate limits (empty when it documents none), declared so a dispatcher can
   * pace calls before the platform has to say 429.
   */
  readonly rateLimits: readonly {
    /** Which calls the limit counts: one operation, or `"all"` calls to the platform. */
    operation: "submit" | "getStatus" | "withdraw" | "all";
    /** How many calls are allowed per window. */
    limit: number;
    /** The window, in milliseconds. */
    windowMs: number;
  }[];
}

/**
 * Options every outgoing call takes. The idempotency key is required: the same key on a repeated call
 * must never create a second submission on the platform (adapters send it as a header or body field, and
 * the HTTP toolkit only retries a POST that carries one).
 *
 * @example
 * ```ts
 * const options: CallOptions = { idempotencyKey: `${request.id}:batch-0`, signal: AbortSignal.timeout(30_000) };
 * ```
 */
export interface CallOptions {
  /** Cancels the call, including retries and backoff sleeps. */
  signal?: AbortSignal;
  /** A stable key for this logical call; repeat it when repeating the call. */
  idempotencyKey: string;
}

/**
 * One `submit` call: the request as drafted and approved (its kind, legal basis, designations, issuing
 * authority, deadline) and the targets for this call, with their evidence. `targets` is a subset of
 * `request.targets` when a dispatcher splits a request into several calls of at most
 * `maxTargetsPerCall`; `targetKey(t.target)` identifies each one in the receipt.
 *
 * @example
 * ```ts
 * const input: SubmitInput = { request, targets: request.targets.slice(0, 50) };
 * ```
 */
export interface SubmitInput {
  /** The request content (a full `ReferralRequest`, with its events, is accepted too). */
  readonly request: RequestContent;
  /** The targets to submit in this call, each with its evidence. */
  readonly targets: readonly RequestTarget[];
}

/**
 * What the platform said about one target when it took a submission: `accepted` for review,
 * `duplicate` (it already has an open report for this target; the report's reference is given where the
 * platform says), or `rejected` at intake (an unknown account, a target it will not take), with its reason.
 *
 * @example
 * ```ts
 * const status: SubmitTargetStatus = { key: "x:somename", status: "rejected", reason: "account does not exist" };
 * ```
 */
export type SubmitTargetStatus =
  | { readonly key: string; readonly status: "accepted"; readonly platformRef?: string }
  | { readonly key: string; readonly status: "duplicate"; readonly platformRef?: string }
  | { readonly key: string; readonly status: "rejected"; readonly reason: string };

/**
 * The platform's receipt for a submission: its reference (to poll and to cite), when it accepted it, and
 * what it said about each target. `raw` keeps the platform's own body for the audit trail; adapters must
 * strip anything secret from it.
 *
 * @example
 * ```ts
 * const receipt = await adapter.submit(input, { idempotencyKey });
 * console.log(receipt.platformRef, receipt.acceptedAt, receipt.targets.filter((t) => t.status === "rejected"));
 * ```
 */
export interface SubmitReceipt {
  /** The platform's reference for the submission. */
  readonly platformRef: string;
  /** When the platform accepted it (ISO 8601 with zone). */
  readonly acceptedAt: string;
  /** One entry per submitted target, keyed by `targetKey`. */
  readonly targets: readonly SubmitTargetStatus[];
  /** The platform's own response body, for the audit trail. */
  readonly raw?: unknown;
}

/**
 * The domain outcome a platform state maps onto. Every platform state maps onto exactly one:
 * - `pending`: received, not yet looked at (or the platform says nothing more);
 * - `acknowledged`: a person or system at the platform is reviewing it;
 * - `needs-information`: the platform asks the agency for more before it decides;
 * - `actioned`: every target acted on; `partially-actioned`: some targets acted on, the rest refused;
 * - `rejected`: the platform refused, with its reason;
 * - `withdrawn`: the platform records the submission as withdrawn (by the agency), with the reason it
 *   holds. Not a decision: the platform never acted on it.
 *
 * @example
 * ```ts
 * const done = (outcome: StatusOutcome) => outcome === "actioned" || outcome === "partially-actioned" || outcome === "rejected";
 * ```
 */
export type StatusOutcome =
  | "pending"
  | "acknowledged"
  | "needs-information"
  | "actioned"
  | "partially-actioned"
  | "rejected"
  | "withdrawn";

/**
 * The platform's decision on one target. The detail fields (`measure` and the rest) are a compatible
 * addition to v1: an adapter that knows what the platform did says so, one that does not leaves them out,
 * and the events it produces stay as they were (read as "unspecified"). They use the domain's vocabulary
 * (`PlatformOutcome`): `toRequestEvents` turns them into the decision event's `outcomes`.
 *
 * @example
 * ```ts
 * const withheld: TargetOutcome = {
 *   key: "x:somename/status/1234", outcome: "actioned",
 *   measure: "content-disabled", scope: ["PK"], ground: "local-law", platformCode: "WITHHELD_IN_COUNTRY",
 * };
 * const declined: TargetOutcome = {
 *   key: "x:other", outcome: "rejected", reason: "Please send a court order",
 *   measure: "no-action", reasonCode: "legal-process-required", platformCode: "LEGAL_PROCESS",
 * };
 * ```
 */
export interface TargetOutcome {
  /** The target's `targetKey`. */
  readonly key: string;
  /** What happened to it. */
  readonly outcome: "actioned" | "rejected" | "pending";
  /** The platform's reason, for a rejected target. */
  readonly reason?: string;
  /** What the platform did (`no-action` for a rejected target), when it says. */
  readonly measure?: OutcomeMeasure;
  /** Where: `global` or ISO 3166-1 alpha-2 codes. */
  readonly scope?: OutcomeScope;
  /** The platform's own rules or local law. */
  readonly ground?: ActionGround;
  /** The end of a temporary measure (ISO 8601 with zone). */
  readonly until?: string;
  /** Why nothing was done, mapped to the taxonomy (`declineReason` keeps an unknown code as `other`). */
  readonly reasonCode?: DeclineReason;
  /** The platform's own code for the decision, as sent. */
  readonly platformCode?: string;
}

/**
 * Where a submission stands, in domain terms, ready to append as request events with
 * {@link toRequestEvents}. A discriminated union on `outcome`: a rejection always has the platform's
 * reason, a partial action always says which targets, a request for information always says what.
 *
 * @example
 * ```ts
 * const update = await adapter.getStatus({ platformRef: receipt.platformRef }, { signal });
 * if (update.outcome === "rejected") console.log(update.reason);
 * ```
 */
export type StatusUpdate = {
  /** The platform's reference for the submission. */
  readonly platformRef: string;
  /** When the platform reached this state (ISO 8601 with zone); the poll time if it does not say. */
  readonly at: string;
  /** The platform's own state name, as it sent it (`"IN_REVIEW"`, `"closed_no_violation"`), for audit. */
  readonly platformState: string;
  /** The platform's own body, for the audit trail; adapters must strip anything secret from it. */
  readonly raw?: unknown;
  /** For a `disclose-data` or `preserve` submission: what was produced, that there is no data, or until when it is kept. */
  readonly disclosure?: DisclosureAnswer;
} & (
  | { readonly outcome: "pending"; readonly reason?: string; readonly targets?: readonly TargetOutcome[] }
  | {
      readonly outcome: "acknowledged";
      readonly reason?: string;
      readonly targets?: readonly TargetOutcome[];
    }
  | {
      readonly outcome: "needs-information";
      /** What the platform asks for. */
      readonly reason: string;
      readonly targets?: readonly TargetOutcome[];
    }
  | { readonly outcome: "actioned"; readonly reason?: string; readonly targets?: readonly TargetOutcome[] }
  | {
      readonly outcome: "partially-actioned";
      readonly reason?: string;
      /** Required: which targets were actioned and which were not. */
      readonly targets: readonly TargetOutcome[];
    }
  | {
      readonly outcome: "rejected";
      /** The platform's reason, in its words. */
      readonly reason: string;
      readonly targets?: readonly TargetOutcome[];
    }
  | {
      readonly outcome: "withdrawn";
      /** Why it was withdrawn, as the platform records it. */
      readonly reason: string;
      readonly targets?: readonly TargetOutcome[];
    }
);

/**
 * What `getStatus` needs: the platform's reference, and the request where the adapter needs it to map
 * per-target outcomes back to target keys.
 *
 * @example
 * ```ts
 * const input: StatusInput = { platformRef: receipt.platformRef, request };
 * ```
 */
export interface StatusInput {
  readonly platformRef: string;
  readonly request?: RequestContent;
}

/**
 * What `withdraw` needs: the platform's reference and why the agency withdraws.
 *
 * @example
 * ```ts
 * await adapter.withdraw?.({ platformRef, reason: "court order set aside" }, { idempotencyKey: `${request.id}:withdraw` });
 * ```
 */
export interface WithdrawInput {
  readonly platformRef: string;
  readonly reason: string;
  readonly request?: RequestContent;
}

/**
 * The platform's confirmation of a withdrawal.
 *
 * @example
 * ```ts
 * const { withdrawnAt } = await adapter.withdraw!(input, options);
 * ```
 */
export interface WithdrawReceipt {
  readonly platformRef: string;
  /** When the platform recorded the withdrawal (ISO 8601 with zone). */
  readonly withdrawnAt: string;
  readonly raw?: unknown;
}

/**
 * What an adapter makes of one webhook call: the status updates it carried (verified: an adapter throws
 * `AuthenticationError` for a bad signature), and, when the platform expects a particular answer (Meta's
 * `hub.challenge` handshake), the response to send. Without `reply`, answer 200 with an empty body.
 *
 * @example
 * ```ts
 * const { updates, reply } = await adapter.parseWebhook!(request);
 * return reply ?? new Response(null, { status: 200 });
 * ```
 */
export interface WebhookResult {
  readonly updates: readonly StatusUpdate[];
  readonly reply?: Response;
}

/**
 * The adapter specification (version 1). An adapter is a plain object: its platform, what it can do,
 * and the calls. Build one with `defineAdapter`, which checks every call against `capabilities` before
 * any HTTP; every failure is an `AdapterError` subclass.
 *
 * @typeParam P - the platform id, kept as a literal (`"x"`, not `string`).
 *
 * @example
 * ```ts
 * import { defineAdapter, type ReportingAdapter } from "referral-kit/adapter";
 *
 * const adapter: ReportingAdapter<"x"> = defineAdapter({
 *   platform: "x",
 *   capabilities,
 *   async submit(input, { signal, idempotencyKey }) { ... },
 *   async getStatus({ platformRef }, { signal }) { ... },
 * });
 * ```
 */
export interface ReportingAdapter<P extends PlatformId = PlatformId> {
  /** Which specification this adapter implements: `"v1"`, the only one so far. */
  readonly specificationVersion: "v1";
  /** The platform id this adapter reports to. */
  readonly platform: P;
  /** What the adapter can do. */
  readonly capabilities: AdapterCapabilities;
  /** Submits targets of a request; repeated calls with the same idempotency key submit once. */
  submit(input: SubmitInput, options: CallOptions): Promise<SubmitReceipt>;
  /**
   * Asks the platform where a submission stands. Reads are idempotent by nature, so the key is optional
   * (an adapter may still send it for tracing).
   */
  getStatus(input: StatusInput, options?: Partial<CallOptions>): Promise<StatusUpdate>;
  /**
   * Withdraws a submission, when `capabilities.withdrawal` is true. Adapters made by `defineAdapter` always
   * have the method and throw `UnsupportedCapabilityError` (without HTTP) when withdrawal is not declared.
   */
  withdraw?(input: WithdrawInput, options: CallOptions): Promise<WithdrawReceipt>;
  /**
   * Verifies and reads one webhook call, when `capabilities.webhooks` is true (same rule as `withdraw` for
   * adapters made by `defineAdapter`).
   */
  parseWebhook?(request: Request, options?: Pick<CallOptions, "signal">): Promise<WebhookResult>;
}
