/**
 * What a Graph platform (Facebook, Instagram) says it did to each target (docs/wire/facebook.md,
 * "Per-target outcomes"), in the words of the EU DSA statement of reasons Meta already files: on a
 * decision, the `action`, its `territorial_scope`, the `decision_ground`, an `end_date`; on a `NO_ACTION`,
 * a `no_action_reason`. One job: those fields to the spec's outcome fields.
 */

import { CountryCode, type DeclineReason, type OutcomeMeasure } from "referral-kit";
import type { TargetOutcome } from "referral-kit/adapter";
import { z } from "zod";
import { GraphTimeSchema, graphTimeToIso } from "./time.js";

/**
 * Graph's actions, by the measure each one is; `undefined` for the actions that take nothing down
 * (preservation, disclosure).
 *
 * @example
 * ```ts
 * GRAPH_ACTIONS.RESTRICTED_IN_COUNTRY; // "content-disabled"
 * ```
 */
export const GRAPH_ACTIONS = {
  CONTENT_REMOVED: "content-removed",
  MEDIA_REMOVED: "content-removed",
  RESTRICTED_IN_COUNTRY: "content-disabled",
  REDUCED_DISTRIBUTION: "visibility-restricted",
  WARNING_SCREEN: "labelled",
  ACCOUNT_UNPUBLISHED: "account-suspended",
  ACCOUNT_DISABLED: "account-terminated",
  DATA_PRESERVED: undefined,
  DATA_DISCLOSED: undefined,
} as const satisfies Record<string, Exclude<OutcomeMeasure, "no-action"> | undefined>;

/**
 * Graph's `no_action_reason` values, by the reason each one is. A value not here is kept as `other`.
 *
 * @example
 * ```ts
 * GRAPH_NO_ACTION_REASONS.DOES_NOT_VIOLATE; // "not-violating"
 * ```
 */
export const GRAPH_NO_ACTION_REASONS: Readonly<Record<string, DeclineReason>> = {
  CONTENT_NOT_FOUND: "content-not-found",
  ALREADY_ACTIONED: "already-removed",
  INSUFFICIENT_INFORMATION: "insufficient-information",
  DOES_NOT_VIOLATE: "not-violating",
  LEGAL_PROCESS_REQUIRED: "legal-process-required",
  DUPLICATE_REQUEST: "duplicate",
  OUTSIDE_JURISDICTION: "outside-jurisdiction",
  OTHER: "other",
};

/**
 * The outcome fields of one Graph decision. `action` is Graph's (it was there before the detail);
 * `territorial_scope`, `decision_ground` and `end_date` follow the DSA statement of reasons.
 *
 * @example
 * ```ts
 * GraphOutcomeFieldsSchema.parse({ action: "RESTRICTED_IN_COUNTRY", territorial_scope: ["PK"], decision_ground: "ILLEGAL_CONTENT" });
 * ```
 */
export const GraphOutcomeFieldsSchema = z.object({
  action: z
    .enum(Object.keys(GRAPH_ACTIONS) as [keyof typeof GRAPH_ACTIONS, ...(keyof typeof GRAPH_ACTIONS)[]])
    .optional(),
  /** Absent: worldwide. */
  territorial_scope: z.array(CountryCode).min(1).optional(),
  decision_ground: z.enum(["INCOMPATIBLE_CONTENT", "ILLEGAL_CONTENT"]).optional(),
  /** A Graph time (`+0000` offsets), the end of a temporary measure. */
  end_date: GraphTimeSchema.optional(),
  no_action_reason: z.string().min(1).max(200).optional(),
});

/**
 * The outcome fields of one Graph decision.
 *
 * @example
 * ```ts
 * const fields: GraphOutcomeFields = { no_action_reason: "DOES_NOT_VIOLATE" };
 * ```
 */
export type GraphOutcomeFields = z.infer<typeof GraphOutcomeFieldsSchema>;

/**
 * The spec's detail fields for one Graph decision: the measure of its `action` (with where, on what
 * ground, until when, and the action as `platformCode`), or why it took no action; nothing when Graph
 * did not say, or for an action that takes nothing down.
 *
 * @example
 * ```ts
 * graphOutcomeDetail("NO_ACTION", { no_action_reason: "DOES_NOT_VIOLATE" }); // { measure: "no-action", reasonCode: "not-violating", platformCode: "DOES_NOT_VIOLATE" }
 * ```
 */
export function graphOutcomeDetail(
  decision: "PENDING" | "ACTION_TAKEN" | "NO_ACTION",
  fields: GraphOutcomeFields,
): Partial<TargetOutcome> {
  const measure = fields.action ? GRAPH_ACTIONS[fields.action] : undefined;
  if (decision === "ACTION_TAKEN" && measure && fields.action) {
    const until = graphTimeToIso(fields.end_date);
    return {
      measure,
      scope: fields.territorial_scope ?? "global",
      ...(fields.decision_ground
        ? { ground: fields.decision_ground === "ILLEGAL_CONTENT" ? "local-law" : "terms-of-service" }
        : {}),
      ...(until ? { until } : {}),
      platformCode: fields.action,
    };
  }
  if (decision === "NO_ACTION" && fields.no_action_reason) {
    return {
      measure: "no-action",
      reasonCode: GRAPH_NO_ACTION_REASONS[fields.no_action_reason] ?? "other",
      platformCode: fields.no_action_reason,
    };
  }
  return {};
}
