import { z } from "zod";
import { PlatformIdSchema } from "../platforms.js";
import { Target } from "../targets/target.js";
import { ContentTier } from "../tiers.js";
import { SensitiveCategorySchema } from "./account.js";
import { Actor, ContentHashSchema, DateTime, HttpUrlSchema, Id } from "./common.js";
import { DesignationRef } from "./designation.js";
import { DISCLOSURE_EVENT_SCHEMAS, DisclosureDetails, PreservationDetails } from "./disclosure.js";
import { eventBase } from "./event-base.js";
import { Evidence } from "./evidence.js";
import {
  EscalatedEventSchema,
  InformationRequestedEventSchema,
  InformationSuppliedEventSchema,
} from "./follow-up.js";
import { PlatformOutcome } from "./outcome.js";

/** What a request asks the platform to do. */
export const RequestKind = z.enum([
  "suspend",
  "remove-content",
  "restrict-locally",
  "preserve",
  "disclose-data",
]);
/** What a request asks the platform to do. */
export type RequestKind = z.infer<typeof RequestKind>;
/** Every request kind, in a stable order. */
export const REQUEST_KINDS = RequestKind.options;

/** How urgent a request is; `emergency` is for imminent threat to life. */
export const Priority = z.enum(["emergency", "standard"]);
/** How urgent a request is. */
export type Priority = z.infer<typeof Priority>;

/** The law a request relies on: the instrument and the section that empowers it. */
export const LegalBasisSchema = z.object({
  /** E.g. `Prevention of Electronic Crimes Act 2016 (Pakistan)`. */
  instrument: z.string().min(1).max(500),
  /** E.g. `s. 37`. */
  section: z.string().min(1).max(200),
  /** ISO 3166 alpha-2 or `EU`, `UN`. */
  jurisdiction: z.string().min(2).max(10).optional(),
  url: HttpUrlSchema.optional(),
});
/** The law a request relies on. */
export type LegalBasis = z.infer<typeof LegalBasisSchema>;

/** The body that issues a request (and answers for it). */
export const IssuingAuthoritySchema = z.object({
  name: z.string().min(1).max(500),
  /** ISO 3166 alpha-2. */
  country: z.string().length(2).optional(),
  unit: z.string().min(1).max(500).optional(),
  contact: z.string().min(1).max(500).optional(),
});
/** The body that issues a request. */
export type IssuingAuthority = z.infer<typeof IssuingAuthoritySchema>;

/**
 * One target of a request, with the evidence for it, any sensitive category that needs two approvers,
 * and its content tier (see `CONTENT_TIERS`; a tier 4 target needs a written `justification`).
 */
export const RequestTarget = z.object({
  target: Target,
  evidence: z.array(Evidence).default([]),
  sensitive: z.array(SensitiveCategorySchema).default([]),
  tier: ContentTier.optional(),
  /** Why acting on this target is justified; required for tier 4 (promotional) content. */
  justification: z.string().trim().min(1).max(5000).optional(),
});
/** One target of a request. */
export type RequestTarget = z.infer<typeof RequestTarget>;

/**
 * What a request says, fixed when it is drafted. Legal basis, designations and evidence may be missing
 * from a draft; the safeguards refuse approval and submission until they are there.
 */
export const RequestContent = z.object({
  id: Id,
  kind: RequestKind,
  platform: PlatformIdSchema,
  targets: z.array(RequestTarget).min(1, "a request needs at least one target"),
  legalBasis: LegalBasisSchema.optional(),
  designations: z.array(DesignationRef).default([]),
  issuingAuthority: IssuingAuthoritySchema,
  priority: Priority.default("standard"),
  /**
   * When the platform is expected to have acted (from a `DeadlinePolicy`); absent when no time limit
   * applies (a standard disclosure under an instrument without one, a preservation).
   */
  deadline: DateTime.optional(),
  /** The agency's own reference, if any. */
  reference: z.string().min(1).max(200).optional(),
  /** The id of the campaign the request is part of (see `joinCampaign`). */
  campaign: Id.optional(),
  note: z.string().max(5000).optional(),
  /**
   * The request this one re-refers (with added evidence) after it was declined, expired or only partly
   * actioned. Chains are read with `referralChains`; compliance can count a chain once.
   */
  supersedes: Id.optional(),
  /** What a `disclose-data` request asks for (instrument, data, accounts, reasons); see `docs/disclosure.md`. */
  disclosure: DisclosureDetails.optional(),
  /** What a `preserve` request asks for (the preservation rule, data); see `docs/disclosure.md`. */
  preservation: PreservationDetails.optional(),
});
/** What a request says. */
export type RequestContent = z.infer<typeof RequestContent>;

/** Target keys (see `targetKey`) an outcome applies to. */
const TargetKeysSchema = z.array(z.string().min(1)).min(1);

/** Per-target outcomes of a decision event: at least one, each target once. */
const OutcomesSchema = z
  .array(PlatformOutcome)
  .min(1)
  .superRefine((outcomes, context) => {
    const seen = new Set<string>();
    outcomes.forEach((outcome, index) => {
      if (seen.has(outcome.target)) {
        context.addIssue({
          code: "custom",
          path: [index, "target"],
          message: `target ${JSON.stringify(outcome.target)} has two outcomes in one event`,
        });
      }
      seen.add(outcome.target);
    });
  });

type DecisionType = "actioned" | "partially-actioned" | "rejected";

/**
 * The checks a decision's outcomes need beyond their own shape: an `until` after the decision, a
 * rejection that only declines, an action that acts on something, and `targets` that agree.
 */
function checkDecision(
  event: {
    type: DecisionType;
    at: string;
    outcomes?: PlatformOutcome[] | undefined;
    targets?: string[] | undefined;
  },
  context: z.RefinementCtx,
): void {
  const outcomes = event.outcomes;
  if (!outcomes) return;
  const at = Date.parse(event.at);
  outcomes.forEach((outcome, index) => {
    if (outcome.until !== undefined && Date.parse(outcome.until) <= at) {
      context.addIssue({
        code: "custom",
        path: ["outcomes", index, "until"],
        message: `until ${outcome.until} is not after the decision at ${event.at}`,
      });
    }
    if (outcome.measure === "no-action" && event.targets?.includes(outcome.target)) {
      context.addIssue({
        code: "custom",
        path: ["outcomes", index, "measure"],
        message: `target ${JSON.stringify(outcome.target)} is listed as actioned but its outcome is no-action`,
      });
    }
  });
  // A target listed as actioned without an outcome was acted on in a way no measure names (a
  // preservation, a disclosure): it counts as the action.
  const unnamed = (event.targets ?? []).some((key) => !outcomes.some((outcome) => outcome.target === key));
  const acted = unnamed || outcomes.some((outcome) => outcome.measure !== "no-action");
  if (event.type === "rejected" && acted) {
    context.addIssue({
      code: "custom",
      path: ["outcomes"],
      message: "a rejection's outcomes are all no-action (an action makes it partially-actioned)",
    });
  } else if (event.type !== "rejected" && !acted) {
    context.addIssue({
      code: "custom",
      path: ["outcomes"],
      message: `an ${event.type} event's outcomes include at least one action (all no-action is a rejection)`,
    });
  }
}

/**
 * One entry in a request's append-only history. The current state is a fold over these through the
 * lifecycle's transition table (see `canTransition`); nothing is ever edited or removed.
 */
export const RequestEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("drafted"), ...eventBase, by: Actor }),
  z.object({
    type: z.literal("approved"),
    ...eventBase,
    by: Actor,
    /** The version (content hash) of the registry the designations were resolved against. */
    registryVersion: ContentHashSchema.optional(),
  }),
  z.object({
    type: z.literal("submitted"),
    ...eventBase,
    /** The channel used (adapter id, `email`, `portal`). */
    channel: z.string().min(1).max(100).optional(),
    /** The idempotency key the submission carried. */
    idempotencyKey: z.string().min(1).max(200).optional(),
    /** The platform's reference for the submission, when it gave one at once. */
    platformRef: z.string().min(1).max(200).optional(),
  }),
  z.object({
    type: z.literal("acknowledged"),
    ...eventBase,
    platformRef: z.string().min(1).max(200).optional(),
  }),
  z
    .object({
      type: z.literal("actioned"),
      ...eventBase,
      targets: TargetKeysSchema.optional(),
      /** What the platform did to each target it decided on (absent in older histories: "unspecified"). */
      outcomes: OutcomesSchema.optional(),
    })
    .superRefine(checkDecision),
  z
    .object({
      type: z.literal("partially-actioned"),
      ...eventBase,
      targets: TargetKeysSchema,
      outcomes: OutcomesSchema.optional(),
    })
    .superRefine(checkDecision),
  z
    .object({
      type: z.literal("rejected"),
      ...eventBase,
      reason: z.string().min(1).max(5000),
      /** Each declined target with its reason code (all `no-action`). */
      outcomes: OutcomesSchema.optional(),
    })
    .superRefine(checkDecision),
  z.object({
    type: z.literal("expired"),
    ...eventBase,
    /** The deadline that passed (the effective one, after any restart of the clock). */
    deadline: DateTime.optional(),
  }),
  InformationRequestedEventSchema,
  InformationSuppliedEventSchema,
  EscalatedEventSchema,
  z.object({ type: z.literal("withdrawn"), ...eventBase, reason: z.string().min(1).max(5000) }),
  z.object({
    type: z.literal("appealed"),
    ...eventBase,
    /** Who challenges the action. */
    appellant: z.enum(["account-holder", "platform", "agency", "other"]),
  }),
  z.object({ type: z.literal("reinstated"), ...eventBase }),
  ...DISCLOSURE_EVENT_SCHEMAS,
]);
/** One entry in a request's history. */
export type RequestEvent = z.infer<typeof RequestEvent>;
/** The type of a request event. */
export type RequestEventType = RequestEvent["type"];
/** A request event of one type. */
export type RequestEventOf<T extends RequestEvent["type"]> = Extract<RequestEvent, { type: T }>;

/** A request: what it says, and its append-only history. */
export const ReferralRequest = RequestContent.extend({
  events: z.array(RequestEvent).default([]),
});
/**
 * A request with its history. Named `ReferralRequest`, not `Request`, so it never shadows the global
 * fetch `Request` that adapters and webhooks use.
 */
export type ReferralRequest = z.infer<typeof ReferralRequest>;
/** A request as written by hand: defaults may be left out. */
export type ReferralRequestInput = z.input<typeof ReferralRequest>;
