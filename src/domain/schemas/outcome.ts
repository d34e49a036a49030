/**
 * What a platform did to one target: the vocabulary of per-target outcomes. Each term comes from what
 * platforms and regulators already publish (see docs/domain.md, "Outcomes", for the sources):
 *
 * - measures from the EU DSA statement of reasons (`decision_visibility`, `decision_account`);
 * - scope from its `territorial_scope` (ISO 3166-1 alpha-2 codes);
 * - ground from its `decision_ground` (illegal content vs incompatible with terms and conditions), which is
 *   TikTok's "actioned due to (local) law" vs "community guidelines" and Google's `items_removed_legal`
 *   vs `items_removed_policy`;
 * - `until` from `end_date_account_restriction` / `end_date_visibility_restriction`;
 * - decline reasons from Google's `items_content_not_found`, `items_not_enough_info`,
 *   `items_no_action_taken`, `items_content_already_removed`, and the answers platforms give government
 *   requesters in their policies (legal process required, outside jurisdiction, end-to-end encrypted).
 */
import { z } from "zod";
import { isCountryCode } from "../countries.js";
import { DateTime } from "./common.js";

/**
 * What the platform did to a target.
 *
 * | measure | DSA statement of reasons |
 * | --- | --- |
 * | `content-removed` | `DECISION_VISIBILITY_CONTENT_REMOVED` |
 * | `content-disabled` | `DECISION_VISIBILITY_CONTENT_DISABLED` (access disabled: what "withheld in a country" is) |
 * | `visibility-restricted` | `DECISION_VISIBILITY_CONTENT_DEMOTED`, `_AGE_RESTRICTED`, `_INTERACTION_RESTRICTED` |
 * | `labelled` | `DECISION_VISIBILITY_CONTENT_LABELLED` |
 * | `account-suspended` | `DECISION_ACCOUNT_SUSPENDED` (temporary: may carry `until`) |
 * | `account-terminated` | `DECISION_ACCOUNT_TERMINATED` (permanent) |
 * | `no-action` | none: the platform declined; a `reasonCode` says why |
 *
 * @example
 * ```ts
 * OutcomeMeasure.parse("account-terminated");
 * ```
 */
export const OutcomeMeasure = z.enum([
  "content-removed",
  "content-disabled",
  "visibility-restricted",
  "labelled",
  "account-suspended",
  "account-terminated",
  "no-action",
]);
/**
 * What the platform did to a target.
 *
 * @example
 * ```ts
 * const acted = (measure: OutcomeMeasure) => measure !== "no-action";
 * ```
 */
export type OutcomeMeasure = z.infer<typeof OutcomeMeasure>;
/**
 * Every measure, in a stable order.
 *
 * @example
 * ```ts
 * OUTCOME_MEASURES.includes("labelled"); // true
 * ```
 */
export const OUTCOME_MEASURES: readonly OutcomeMeasure[] = OutcomeMeasure.options;

/**
 * The ground the platform acted on: its own rules (`terms-of-service`: DSA
 * `DECISION_GROUND_INCOMPATIBLE_CONTENT`, TikTok "community guidelines", Google `items_removed_policy`) or
 * the law of the requesting country (`local-law`: DSA `DECISION_GROUND_ILLEGAL_CONTENT`, TikTok "(local)
 * law", Google `items_removed_legal`). Action under local law is usually limited to that country.
 *
 * @example
 * ```ts
 * ActionGround.parse("local-law");
 * ```
 */
export const ActionGround = z.enum(["terms-of-service", "local-law"]);
/**
 * The ground the platform acted on.
 *
 * @example
 * ```ts
 * const ground: ActionGround = "terms-of-service";
 * ```
 */
export type ActionGround = z.infer<typeof ActionGround>;
/**
 * Every ground, in a stable order.
 *
 * @example
 * ```ts
 * ACTION_GROUNDS; // ["terms-of-service", "local-law"]
 * ```
 */
export const ACTION_GROUNDS: readonly ActionGround[] = ActionGround.options;

/**
 * Why the platform took no action on a target: a closed taxonomy, so declines can be counted by reason.
 *
 * | code | meaning | published as |
 * | --- | --- | --- |
 * | `content-not-found` | the link or account does not exist (any more) | Google `items_content_not_found` |
 * | `already-removed` | the platform had already removed it | Google `items_content_already_removed` |
 * | `insufficient-information` | the request did not say enough to act | Google `items_not_enough_info` |
 * | `not-violating` | reviewed; breaks neither the platform's rules nor (in its view) the law | Google `items_no_action_taken` |
 * | `legal-process-required` | the platform wants a court order or other formal process | X, Meta government-request policies |
 * | `duplicate` | the same target is already under an open request | |
 * | `outside-jurisdiction` | the requester has no jurisdiction over the target (as the platform sees it) | |
 * | `private-or-end-to-end-encrypted` | the platform cannot see the content (private, end-to-end encrypted) | WhatsApp, Telegram private chats |
 * | `other` | any other reason, including a platform code this list does not know (kept in `platformCode`) | |
 *
 * @example
 * ```ts
 * DeclineReason.parse("legal-process-required");
 * ```
 */
export const DeclineReason = z.enum([
  "content-not-found",
  "already-removed",
  "insufficient-information",
  "not-violating",
  "legal-process-required",
  "duplicate",
  "outside-jurisdiction",
  "private-or-end-to-end-encrypted",
  "other",
]);
/**
 * Why the platform took no action on a target.
 *
 * @example
 * ```ts
 * const reason: DeclineReason = "not-violating";
 * ```
 */
export type DeclineReason = z.infer<typeof DeclineReason>;
/**
 * Every decline reason, in a stable order.
 *
 * @example
 * ```ts
 * DECLINE_REASONS.at(-1); // "other"
 * ```
 */
export const DECLINE_REASONS: readonly DeclineReason[] = DeclineReason.options;

/**
 * An ISO 3166-1 alpha-2 country code, upper case and officially assigned (`PK`, `GB`); see
 * `isCountryCode`.
 *
 * @example
 * ```ts
 * CountryCode.parse("PK");
 * ```
 */
export const CountryCode = z
  .string()
  .refine(isCountryCode, { message: "not an ISO 3166-1 alpha-2 country code (upper case, e.g. PK)" });
/** An ISO 3166-1 alpha-2 country code, as a string. */
export type CountryCode = z.infer<typeof CountryCode>;

/**
 * Where a measure applies: `global`, or only in the listed countries (withheld, geo-blocked), as the DSA's
 * `territorial_scope` lists them.
 *
 * @example
 * ```ts
 * OutcomeScope.parse(["PK"]); // withheld in Pakistan only
 * ```
 */
export const OutcomeScope = z.union([
  z.literal("global"),
  z
    .array(CountryCode)
    .min(1, "a country scope lists at least one country")
    .max(300)
    .refine((codes) => new Set(codes).size === codes.length, { message: "a country is listed twice" }),
]);
/**
 * Where a measure applies.
 *
 * @example
 * ```ts
 * const countryOnly = (scope: OutcomeScope) => scope !== "global";
 * ```
 */
export type OutcomeScope = z.infer<typeof OutcomeScope>;

/** Measures that are permanent by definition, so an `until` contradicts them. */
const PERMANENT: ReadonlySet<OutcomeMeasure> = new Set(["content-removed", "account-terminated"]);

/**
 * What the platform did to one target of a request, as the platform said it. Carried by `actioned`,
 * `partially-actioned` and `rejected` events in `outcomes`, one per target key decided.
 *
 * - `measure` is required; `no-action` needs a `reasonCode`, every other measure refuses one;
 * - `scope`, `ground` and `until` describe an action, so a `no-action` has none of them; an `until` on a
 *   permanent measure (`content-removed`, `account-terminated`) is an error, and so is one not after the
 *   decision (checked on the event);
 * - `platformCode` and `platformText` keep the platform's own code and words, so a code the taxonomy does
 *   not know is kept as `other` with its code, never dropped (see {@link declineReason}).
 *
 * @example
 * ```ts
 * PlatformOutcome.parse({ target: "x:somename", measure: "content-disabled", scope: ["PK"], ground: "local-law" });
 * PlatformOutcome.parse({ target: "x:other", measure: "no-action", reasonCode: "not-violating", platformText: "No violation found" });
 * ```
 */
export const PlatformOutcome = z
  .object({
    /** The target's key (`targetKey`), which must be one of the request's targets. */
    target: z.string().min(1).max(500),
    measure: OutcomeMeasure,
    /** Where the measure applies; absent when the platform did not say ("unspecified"). */
    scope: OutcomeScope.optional(),
    /** The ground it acted on; absent when the platform did not say ("unspecified"). */
    ground: ActionGround.optional(),
    /** When a temporary measure ends (a suspension for 30 days); absent for an indefinite one. */
    until: DateTime.optional(),
    /** Why nothing was done: required for `no-action`, refused otherwise. */
    reasonCode: DeclineReason.optional(),
    /** The platform's own code for the decision or reason, as sent (`NOT_VIOLATING`, `47`). */
    platformCode: z.string().min(1).max(200).optional(),
    /** The platform's own words. */
    platformText: z.string().min(1).max(5000).optional(),
  })
  .superRefine((outcome, context) => {
    if (outcome.measure === "no-action") {
      if (outcome.reasonCode === undefined) {
        context.addIssue({
          code: "custom",
          path: ["reasonCode"],
          message: "a no-action outcome needs a reasonCode",
        });
      }
      for (const field of ["scope", "ground", "until"] as const) {
        if (outcome[field] !== undefined) {
          context.addIssue({ code: "custom", path: [field], message: `a no-action outcome has no ${field}` });
        }
      }
      return;
    }
    if (outcome.reasonCode !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["reasonCode"],
        message: `a reasonCode explains a no-action outcome, not ${outcome.measure}`,
      });
    }
    if (outcome.until !== undefined && PERMANENT.has(outcome.measure)) {
      context.addIssue({
        code: "custom",
        path: ["until"],
        message: `${outcome.measure} is permanent: it has no until (use account-suspended or content-disabled for a temporary measure)`,
      });
    }
  });
/**
 * What the platform did to one target of a request.
 *
 * @example
 * ```ts
 * const outcome: PlatformOutcome = { target: "x:somename", measure: "account-suspended", scope: "global", until: "2026-02-01T00:00:00Z" };
 * ```
 */
export type PlatformOutcome = z.infer<typeof PlatformOutcome>;

/**
 * A platform's decline code as the taxonomy's reason: a known code (`not-violating`) is kept as it is;
 * anything else becomes `other` with the platform's code kept in `platformCode`, so it is counted under
 * `other` and can still be read, never dropped. Adapters call it with the platform code already mapped
 * where they know it.
 *
 * @example
 * ```ts
 * import { declineReason } from "referral-kit";
 *
 * declineReason("duplicate"); // { reasonCode: "duplicate" }
 * declineReason("POLICY_47", "Reviewed under policy 47"); // { reasonCode: "other", platformCode: "POLICY_47", platformText: "Reviewed under policy 47" }
 * ```
 */
export function declineReason(
  code: string,
  text?: string,
): { reasonCode: DeclineReason; platformCode?: string; platformText?: string } {
  const known = DeclineReason.safeParse(code);
  const platformText = text?.trim() ? { platformText: clip(text.trim(), 5000) } : {};
  if (known.success) return { reasonCode: known.data, ...platformText };
  const platformCode = code.trim() ? { platformCode: clip(code.trim(), 200) } : {};
  return { reasonCode: "other", ...platformCode, ...platformText };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
