/**
 * What a mock platform says it did to each target: the per-target outcome detail (measure, scope, ground,
 * until, decline reason with the platform's own code) that a platform renders in its own wire format, the
 * vocabulary a platform can express, and how a scenario draws them. Plain data and pure functions: each
 * platform mock brings its vocabulary and its rendering; the framework draws and checks.
 */
import { z } from "zod";
import { isCountryCode } from "../../domain/countries.js";
import {
  type ActionGround,
  DECLINE_REASONS,
  DeclineReason,
  type OutcomeMeasure,
  type OutcomeScope,
} from "../../domain/schemas/outcome.js";
import type { RequestKind } from "../../domain/schemas/request.js";
import type { Random } from "./random.js";

/**
 * What the platform did to one target, in the domain's words, with the platform's own code as its wire
 * carries it. A mock renders it in its own format; an adapter must turn that back into exactly this.
 *
 * @example
 * ```ts
 * const withheld: MockOutcomeDetail = { measure: "content-disabled", scope: ["PK"], ground: "local-law", platformCode: "withheld" };
 * const declined: MockOutcomeDetail = { measure: "no-action", reasonCode: "legal-process-required", platformCode: "LEGAL_PROCESS_REQUIRED" };
 * ```
 */
export interface MockOutcomeDetail {
  /** What the platform did (`no-action` for a decline). */
  readonly measure: OutcomeMeasure;
  /** Where the measure applies (actions only). */
  readonly scope?: OutcomeScope;
  /** On what ground (actions only, on platforms that say). */
  readonly ground?: ActionGround;
  /** When a temporary measure ends (ISO 8601, whole seconds). */
  readonly until?: string;
  /** Why nothing was done (`no-action` only). */
  readonly reasonCode?: DeclineReason;
  /**
   * The platform's own code, as its wire carries it. Filled in by the mock from its vocabulary; give one
   * to `force` to make the platform send a code of your choosing (one the taxonomy does not know).
   */
  readonly platformCode?: string;
}

/**
 * What a platform's protocol can say about a decision, so the conformance suite knows every outcome to
 * try and a scenario draws only what the platform can express. Each built-in mock declares its own
 * (see docs/wire/<platform>.md, "Per-target outcomes").
 *
 * @example
 * ```ts
 * const vocabulary: MockOutcomeVocabulary = {
 *   measures: ["content-removed", "account-terminated"],
 *   scope: "global",
 *   ground: false,
 *   until: false,
 *   declineCodes: { "not-violating": "NO_VIOLATION" },
 *   unknownDeclineCode: "POLICY_9001",
 *   codeShape: /^[A-Z0-9_]{1,40}$/,
 *   actionCode: (detail) => detail.measure.toUpperCase(),
 * };
 * ```
 */
export interface MockOutcomeVocabulary {
  /** The measures the platform can say it took (`no-action` is a decline, said with a reason code). */
  readonly measures: readonly Exclude<OutcomeMeasure, "no-action">[];
  /**
   * `countries`: an action is worldwide or limited to listed countries, and the wire says which;
   * `global`: the protocol has no country restriction, so every action is worldwide by definition.
   */
  readonly scope: "countries" | "global";
  /** True when the wire says whether the platform acted on its own rules or on local law. */
  readonly ground: boolean;
  /** True when the wire says when a temporary measure ends. */
  readonly until: boolean;
  /** The platform's own code for each decline reason it can give; a reason left out cannot be said. */
  readonly declineCodes: Readonly<Partial<Record<DeclineReason, string>>>;
  /** A decline code of the platform's own shape that the taxonomy does not know (checked to arrive as `other`). */
  readonly unknownDeclineCode: string;
  /** What the platform's decline codes look like (TikTok's are digits): `force` refuses anything else. */
  readonly codeShape: RegExp;
  /** The platform's own code for an action, as its wire carries it. */
  actionCode(detail: MockOutcomeDetail): string;
}

/**
 * The scenario controls of per-target outcome detail: how often the platform acts in one country only,
 * how many suspensions are temporary and for how long, and why it declines. Without them a mock says
 * only actioned or declined, as before.
 *
 * @example
 * ```ts
 * const detail: OutcomeDetailScenario = {
 *   geoWithheld: 0.5,
 *   temporarySuspensions: 0.2,
 *   suspensionDays: 30,
 *   declineReasons: { "legal-process-required": 2, "not-violating": 1 },
 * };
 * ```
 */
export interface OutcomeDetailScenario {
  /**
   * Share (0 to 1) of actions the platform takes in the requesting country only (withheld, geo-blocked,
   * under local law) rather than worldwide under its own rules. A `restrict-locally` request is always
   * acted on in the country; a platform whose protocol has no country restriction acts worldwide.
   */
  readonly geoWithheld: number;
  /** Share (0 to 1) of account suspensions that are temporary, with an end; the rest are permanent. */
  readonly temporarySuspensions: number;
  /** How many days a temporary suspension lasts. */
  readonly suspensionDays: number;
  /**
   * Why the platform declines: weights by reason (normalised). Reasons the platform cannot express are
   * dropped; when none is left, `other`.
   */
  readonly declineReasons: Readonly<Partial<Record<DeclineReason, number>>>;
}

/**
 * Validates {@link OutcomeDetailScenario} (a scenario's `outcomeDetail`).
 *
 * @example
 * ```ts
 * OutcomeDetailScenarioSchema.parse({ geoWithheld: 0.3, temporarySuspensions: 0, suspensionDays: 7, declineReasons: { duplicate: 1 } });
 * ```
 */
export const OutcomeDetailScenarioSchema = z
  .object({
    geoWithheld: z.number().min(0).max(1),
    temporarySuspensions: z.number().min(0).max(1),
    suspensionDays: z.number().positive().max(3650),
    declineReasons: z
      .partialRecord(DeclineReason, z.number().nonnegative())
      .refine(
        (weights) => Object.values(weights).some((w) => (w ?? 0) > 0),
        "at least one weight is positive",
      ),
  })
  .strict();

/**
 * The words a mock platform gives with each decline reason (platform-neutral English; the code is the
 * platform's own).
 *
 * @example
 * ```ts
 * DECLINE_TEXTS["legal-process-required"]; // "a court order or other formal legal process is required"
 * ```
 */
export const DECLINE_TEXTS: Readonly<Record<DeclineReason, string>> = Object.freeze({
  "content-not-found": "the account or content could not be found",
  "already-removed": "the content had already been removed",
  "insufficient-information": "the request does not say enough to act on",
  "not-violating": "no violation of the platform's rules found",
  "legal-process-required": "a court order or other formal legal process is required",
  duplicate: "the same target is already under an open request",
  "outside-jurisdiction": "the requesting authority has no jurisdiction over this target",
  "private-or-end-to-end-encrypted": "the content is private or end-to-end encrypted and cannot be reviewed",
  other: "declined for another reason",
});

const DAY_MS = 86_400_000;

/** A time at the next whole second: every wire format can carry it exactly (some only in seconds). */
function wholeSecond(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString();
}

/** The requesting country as an ISO code, or undefined when the request names none. */
export function requestingCountry(...candidates: readonly (string | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    const code = candidate?.trim().toUpperCase();
    if (code && isCountryCode(code)) return code;
  }
  return undefined;
}

/** The context a decision is drawn in. */
export interface DetailContext {
  readonly kind: RequestKind | undefined;
  /** The target's key (an account key has no `/`). */
  readonly key: string;
  /** The requesting country, for country-only actions. */
  readonly country: string | undefined;
  /** When the decision is made (epoch ms): a temporary measure ends after it. */
  readonly decidedAt: number;
}

/**
 * Draws what the platform did to an actioned target: by request kind, a country-only action (share
 * `geoWithheld`), a temporary or permanent suspension, a worldwide removal; `undefined` for kinds that
 * take nothing down (`preserve`, `disclose-data`).
 *
 * @example
 * ```ts
 * drawActionDetail(scenario.outcomeDetail, vocabulary, { kind: "suspend", key: "x:a", country: "PK", decidedAt }, random);
 * ```
 */
export function drawActionDetail(
  controls: OutcomeDetailScenario,
  vocabulary: MockOutcomeVocabulary,
  context: DetailContext,
  random: Random,
): MockOutcomeDetail | undefined {
  const { kind, country } = context;
  if (kind !== "suspend" && kind !== "remove-content" && kind !== "restrict-locally") return undefined;
  const canWithhold =
    vocabulary.scope === "countries" &&
    country !== undefined &&
    vocabulary.measures.includes("content-disabled");
  const withheld = canWithhold && (kind === "restrict-locally" || random() < controls.geoWithheld);
  if (withheld) {
    return complete({ measure: "content-disabled", scope: [country], ground: "local-law" }, vocabulary);
  }
  const removal: MockOutcomeDetail = {
    measure: "content-removed",
    scope: "global",
    ground: "terms-of-service",
  };
  if (kind !== "suspend") return complete(removal, vocabulary);
  const temporary = vocabulary.until && random() < controls.temporarySuspensions;
  const suspension: MockOutcomeDetail = temporary
    ? {
        measure: "account-suspended",
        scope: "global",
        ground: "terms-of-service",
        until: wholeSecond(context.decidedAt + controls.suspensionDays * DAY_MS),
      }
    : { measure: "account-terminated", scope: "global", ground: "terms-of-service" };
  return complete(suspension, vocabulary);
}

/**
 * Why a platform refuses a data request (a disclosure or a preservation), and how often (modelled: a
 * request for formal legal process is the usual answer, as Meta's, X's and TikTok's law-enforcement
 * guidelines say). A scenario's `declineReasons` are about removals ("not violating", "not found"),
 * which a data request is never refused for, so they do not apply here.
 */
const DATA_REQUEST_DECLINES: Readonly<Partial<Record<DeclineReason, number>>> = {
  "legal-process-required": 6,
  "insufficient-information": 2,
  "outside-jurisdiction": 1,
  other: 1,
};

/**
 * Draws why the platform declined a target, from the scenario's weights over the reasons the platform
 * can express; for a `disclose-data` or `preserve` request, from the reasons a data request is refused
 * for (a request for legal process, above all).
 *
 * @example
 * ```ts
 * drawDeclineDetail(scenario.outcomeDetail, vocabulary, random); // e.g. { measure: "no-action", reasonCode: "not-violating", platformCode: "NO_VIOLATION" }
 * ```
 */
export function drawDeclineDetail(
  controls: OutcomeDetailScenario,
  vocabulary: MockOutcomeVocabulary,
  random: Random,
  kind?: RequestKind,
): MockOutcomeDetail {
  const weights =
    kind === "disclose-data" || kind === "preserve" ? DATA_REQUEST_DECLINES : controls.declineReasons;
  const table = DECLINE_REASONS.filter(
    (reason) => vocabulary.declineCodes[reason] !== undefined && (weights[reason] ?? 0) > 0,
  ).map((reason) => [reason, weights[reason] ?? 0] as const);
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  let reasonCode: DeclineReason = "other";
  for (const [reason, weight] of table) {
    if (point < weight) {
      reasonCode = reason;
      break;
    }
    point -= weight;
  }
  return complete({ measure: "no-action", reasonCode }, vocabulary);
}

/**
 * A detail made ready to render: the platform's code filled in (from its vocabulary, unless given), an
 * action's scope `global` on a platform without country restriction, and the parts the platform cannot
 * say left out (ground, until). Throws `RangeError` for a detail the platform cannot express (a measure
 * it lacks, a country scope it has no way to say, a code of the wrong shape), so a test never believes
 * it checked something the wire could not carry.
 *
 * @example
 * ```ts
 * complete({ measure: "no-action", reasonCode: "duplicate" }, vocabulary).platformCode; // the platform's code for duplicate
 * ```
 */
export function complete(detail: MockOutcomeDetail, vocabulary: MockOutcomeVocabulary): MockOutcomeDetail {
  const refuse = (why: string) => new RangeError(`the platform cannot express this outcome: ${why}`);
  if (detail.measure === "no-action") {
    const reasonCode = detail.reasonCode ?? "other";
    const platformCode =
      detail.platformCode ?? vocabulary.declineCodes[reasonCode] ?? vocabulary.unknownDeclineCode;
    if (!vocabulary.codeShape.test(platformCode)) {
      throw refuse(`decline code ${JSON.stringify(platformCode)} does not look like ${vocabulary.codeShape}`);
    }
    if (
      detail.platformCode === undefined &&
      vocabulary.declineCodes[reasonCode] === undefined &&
      reasonCode !== "other"
    ) {
      throw refuse(`it has no code for the decline reason ${reasonCode}`);
    }
    return { measure: "no-action", reasonCode, platformCode };
  }
  if (!vocabulary.measures.includes(detail.measure)) throw refuse(`it has no measure ${detail.measure}`);
  if (detail.reasonCode !== undefined) throw refuse("a reason code explains a decline, not an action");
  if (Array.isArray(detail.scope) && vocabulary.scope === "global") {
    throw refuse("its actions are worldwide: it has no country restriction");
  }
  const scope = vocabulary.scope === "global" ? "global" : detail.scope;
  const filled: MockOutcomeDetail = {
    measure: detail.measure,
    ...(scope === undefined ? {} : { scope }),
    ...(vocabulary.ground && detail.ground !== undefined ? { ground: detail.ground } : {}),
    ...(vocabulary.until && detail.until !== undefined ? { until: detail.until } : {}),
  };
  return { ...filled, platformCode: detail.platformCode ?? vocabulary.actionCode(filled) };
}

/**
 * Every outcome a platform can express, once each, for a target of the given country: each measure
 * worldwide (and, where the platform can say it, in the country only, on local law; a suspension with an
 * end), each decline reason it has a code for, and a decline code the taxonomy does not know. What the
 * conformance suite forces, one by one, to check that each reaches the request's events intact.
 *
 * @example
 * ```ts
 * for (const detail of expressibleOutcomes(mock.outcomeVocabulary!, "PK", Date.now())) console.log(detail.measure, detail.platformCode);
 * ```
 */
export function expressibleOutcomes(
  vocabulary: MockOutcomeVocabulary,
  country: string,
  decidedAt: number,
): MockOutcomeDetail[] {
  const details: MockOutcomeDetail[] = [];
  for (const measure of vocabulary.measures) {
    const temporary = measure === "account-suspended" || measure === "content-disabled";
    details.push({ measure, scope: "global", ground: "terms-of-service" });
    if (vocabulary.scope === "countries") details.push({ measure, scope: [country], ground: "local-law" });
    else if (vocabulary.ground) details.push({ measure, scope: "global", ground: "local-law" });
    if (temporary && vocabulary.until) {
      details.push({
        measure,
        scope: "global",
        ground: "terms-of-service",
        until: wholeSecond(decidedAt + 7 * DAY_MS),
      });
    }
  }
  if (vocabulary.scope === "countries" && vocabulary.measures.includes("content-disabled")) {
    details.push({ measure: "content-disabled", scope: [country, "AE"], ground: "local-law" });
  }
  for (const reason of DECLINE_REASONS) {
    if (vocabulary.declineCodes[reason] !== undefined)
      details.push({ measure: "no-action", reasonCode: reason });
  }
  details.push({ measure: "no-action", reasonCode: "other", platformCode: vocabulary.unknownDeclineCode });
  return details.map((detail) => complete(detail, vocabulary));
}
