/**
 * Events of the follow-up on a request: the platform's question and the agency's answer (which stop and
 * restart the platform's clock), and escalation when a platform declines or does not answer.
 */
import { z } from "zod";
import { Actor } from "./common.js";
import { eventBase } from "./event-base.js";

/**
 * Who a request is escalated to, from the platform's own policy team up to blocking the service:
 * `platform-policy-team`, `country-representative` (the platform's local representative or grievance
 * officer), `regulator`, `ministerial`, `court`, `network-block` (an order to block access at the network).
 *
 * @example
 * ```ts
 * EscalationLevel.parse("regulator");
 * ```
 */
export const EscalationLevel = z.enum([
  "platform-policy-team",
  "country-representative",
  "regulator",
  "ministerial",
  "court",
  "network-block",
]);
/**
 * Who a request is escalated to.
 *
 * @example
 * ```ts
 * const level: EscalationLevel = "country-representative";
 * ```
 */
export type EscalationLevel = z.infer<typeof EscalationLevel>;
/**
 * Every escalation level, from the lowest to the highest.
 *
 * @example
 * ```ts
 * ESCALATION_LEVELS.indexOf("court") > ESCALATION_LEVELS.indexOf("regulator"); // true
 * ```
 */
export const ESCALATION_LEVELS: readonly EscalationLevel[] = EscalationLevel.options;

/**
 * The platform asks the agency for more before it decides. The platform's clock stops here (Regulation
 * (EU) 2021/784, Art. 3(8)): the time until `information-supplied` is the agency's, not the platform's.
 *
 * @internal
 */
export const InformationRequestedEventSchema = z.object({
  type: z.literal("information-requested"),
  ...eventBase,
  /** What the platform asks for, in its words (no personal data: the agency's own summary if needed). */
  question: z.string().min(1).max(5000),
  /** The platform's reference, when the question came with one. */
  platformRef: z.string().min(1).max(200).optional(),
});

/**
 * The agency answered the platform's question. The clock restarts: the deadline becomes this time plus
 * the time the request had from submission to its original deadline.
 *
 * @internal
 */
export const InformationSuppliedEventSchema = z.object({
  type: z.literal("information-supplied"),
  ...eventBase,
  /** Who answered, for the record. */
  by: Actor,
});

/**
 * The agency took the request higher: to whom, at what level, and why.
 *
 * @internal
 */
export const EscalatedEventSchema = z.object({
  type: z.literal("escalated"),
  ...eventBase,
  /** Who decided to escalate. */
  by: Actor,
  level: EscalationLevel,
  /** Who it went to (an office or role; no personal contact details). */
  to: z.string().min(1).max(500),
  /** Why: the platform's silence, a decline the agency disputes, a withheld-only action. */
  reason: z.string().min(1).max(5000),
});
