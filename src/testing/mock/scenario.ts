/**
 * Scenarios: how a modelled platform decides. Plain data (JSON-serialisable), so a scenario can live in a
 * file the sandbox server loads, and a test can state exactly the world it runs in.
 */
import { z } from "zod";
import { type OutcomeDetailScenario, OutcomeDetailScenarioSchema } from "./outcome-detail.js";
import { logNormal, type Random } from "./random.js";

/** Internal name of a type the public signatures write out. */
export type OutcomeShares = MockScenario["outcomes"];

/** How long something takes (a scenario's `reviewDelay` or `decisionDelay`). */
export type DelayDistribution = MockScenario["reviewDelay"];

/**
 * A scenario: how the modelled platform decides, with a seed so the same scenario gives the same
 * decisions. `illustrative` marks numbers that model a published pattern without claiming to measure it.
 *
 * @example
 * ```ts
 * const scenario: MockScenario = {
 *   name: "all actioned within an hour",
 *   illustrative: false,
 *   seed: 1,
 *   outcomes: { actioned: 1, partiallyActioned: 0, rejected: 0, needsInformation: 0, pending: 0 },
 *   reviewDelay: { distribution: "fixed", ms: 60_000 },
 *   decisionDelay: { distribution: "fixed", ms: 3_600_000 },
 *   rejectionReasons: ["no violation found"],
 *   informationRequests: ["please provide the court order"],
 * };
 * ```
 */
export interface MockScenario {
  /** A short name for reports and logs. */
  readonly name: string;
  /** True when the numbers are illustrative, not measured. */
  readonly illustrative: boolean;
  /** Where the numbers come from, or what they model. */
  readonly note?: string;
  /** Seeds the mock's random source; `reset()` goes back to it. */
  readonly seed: number;
  /** How submissions end. */
  readonly outcomes: {
    readonly actioned: number;
    readonly partiallyActioned: number;
    readonly rejected: number;
    readonly needsInformation: number;
    readonly pending: number;
  };
  /**
   * From submission to "in review" (acknowledged): a log-normal around a median (most cases near it, a
   * long tail), or a fixed duration (for tests that need an exact time), e.g.
   * `{ distribution: "lognormal", medianMs: 6 * 3_600_000, sigma: 1 }`.
   */
  readonly reviewDelay:
    | { readonly distribution: "lognormal"; readonly medianMs: number; readonly sigma: number }
    | { readonly distribution: "fixed"; readonly ms: number };
  /** From submission to the decision, in the same form. Never earlier than the review. */
  readonly decisionDelay: MockScenario["reviewDelay"];
  /**
   * The platform's words when it rejects (one is picked per rejected submission or target). Given, they
   * are the words even when `outcomeDetail` draws a reason code for each decline; absent, a decline's words
   * are the platform's for its reason code, or a generic "no violation found" sentence without
   * `outcomeDetail`. The built-in scenarios leave it out, so their words match their codes.
   */
  readonly rejectionReasons?: readonly string[];
  /** What the platform asks for when it needs more information. */
  readonly informationRequests: readonly string[];
  /**
   * What the platform says it did to each target (country-only actions, temporary suspensions, decline
   * reasons). Without it, targets are only actioned or declined, and a decline's words come from
   * `rejectionReasons`; with it, each decline carries a reason code and the platform's words for it.
   */
  readonly outcomeDetail?: OutcomeDetailScenario;
}

/**
 * The words a mock platform rejects with when its scenario has neither `rejectionReasons` nor
 * `outcomeDetail`.
 *
 * @example
 * ```ts
 * GENERIC_REJECTION_REASONS[0]; // "no violation of the platform's rules found"
 * ```
 */
export const GENERIC_REJECTION_REASONS: readonly string[] = Object.freeze([
  "no violation of the platform's rules found",
  "insufficient legal basis for the requested action in this jurisdiction",
  "the account could not be identified from the information given",
  "the content is newsworthy or documents events",
]);

/**
 * A change to a scenario: any top-level field; `outcomes` may be given in part (missing shares become 0
 * when any share is given, so `{ outcomes: { rejected: 1 } }` means "reject everything").
 *
 * @example
 * ```ts
 * mock.setScenario({ outcomes: { rejected: 1 }, decisionDelay: { distribution: "fixed", ms: 0 } });
 * ```
 */
export type ScenarioPatch = Partial<Omit<MockScenario, "outcomes" | "outcomeDetail">> & {
  readonly outcomes?: Partial<MockScenario["outcomes"]>;
  /**
   * Merged over the scenario's own controls (`declineReasons` replaced whole, as `outcomes` is); `null`
   * turns per-target detail off.
   */
  readonly outcomeDetail?: Partial<OutcomeDetailScenario> | null;
};

const DelaySchema = z.discriminatedUnion("distribution", [
  z.object({
    distribution: z.literal("lognormal"),
    medianMs: z.number().nonnegative(),
    sigma: z.number().nonnegative(),
  }),
  z.object({ distribution: z.literal("fixed"), ms: z.number().nonnegative() }),
]);

/**
 * Validates a scenario, e.g. one read from a JSON file.
 *
 * @example
 * ```ts
 * const scenario = MockScenarioSchema.parse(JSON.parse(await readFile("scenario.json", "utf8")));
 * ```
 */
export const MockScenarioSchema = z.object({
  name: z.string().min(1),
  illustrative: z.boolean(),
  note: z.string().optional(),
  seed: z.number().int(),
  outcomes: z
    .object({
      actioned: z.number().nonnegative(),
      partiallyActioned: z.number().nonnegative(),
      rejected: z.number().nonnegative(),
      needsInformation: z.number().nonnegative(),
      pending: z.number().nonnegative(),
    })
    .refine((shares) => Object.values(shares).some((share) => share > 0), "at least one share is positive"),
  reviewDelay: DelaySchema,
  decisionDelay: DelaySchema,
  rejectionReasons: z.array(z.string().min(1)).min(1).optional(),
  informationRequests: z.array(z.string().min(1)).min(1),
  outcomeDetail: OutcomeDetailScenarioSchema.optional(),
});

/**
 * A patch of a scenario's `outcomeDetail`, as a scenario file or the sandbox's admin endpoint takes it:
 * any of its fields, or `null` to turn per-target detail off.
 *
 * @example
 * ```ts
 * OutcomeDetailPatchSchema.parse({ geoWithheld: 0.5 });
 * ```
 */
export const OutcomeDetailPatchSchema = OutcomeDetailScenarioSchema.partial().nullable();

/** What a scenario without its own controls starts from when a patch turns detail on. */
const NEUTRAL_DETAIL: OutcomeDetailScenario = {
  geoWithheld: 0,
  temporarySuspensions: 0,
  suspensionDays: 30,
  declineReasons: { other: 1 },
};

const NO_SHARES: OutcomeShares = {
  actioned: 0,
  partiallyActioned: 0,
  rejected: 0,
  needsInformation: 0,
  pending: 0,
};

/**
 * Applies a patch to a scenario and validates the result.
 *
 * @example
 * ```ts
 * const rejectAll = applyScenarioPatch(defaultScenarios.x, { outcomes: { rejected: 1 } });
 * ```
 */
export function applyScenarioPatch(base: MockScenario, patch: ScenarioPatch): MockScenario {
  const outcomes = patch.outcomes ? { ...NO_SHARES, ...patch.outcomes } : base.outcomes;
  const { outcomeDetail: detailPatch, ...rest } = patch;
  const { outcomeDetail: current, ...unchanged } = base;
  const outcomeDetail =
    detailPatch === null
      ? undefined
      : detailPatch === undefined
        ? current
        : { ...(current ?? NEUTRAL_DETAIL), ...detailPatch };
  return MockScenarioSchema.parse({
    ...unchanged,
    ...rest,
    outcomes,
    ...(outcomeDetail ? { outcomeDetail } : {}),
  }) as MockScenario;
}

/**
 * A decided (or never decided) outcome, as the scenario draws it.
 *
 * @example
 * ```ts
 * mock.submission(ref)?.plan.outcome satisfies PlannedOutcome | undefined;
 * ```
 */
export type PlannedOutcome = "actioned" | "partially-actioned" | "rejected" | "needs-information" | "pending";

/**
 * Draws an outcome from the shares.
 *
 * @example
 * ```ts
 * drawOutcome(scenario.outcomes, mulberry32(3)); // e.g. "rejected"
 * ```
 */
export function drawOutcome(shares: OutcomeShares, random: Random): PlannedOutcome {
  const table: [PlannedOutcome, number][] = [
    ["actioned", shares.actioned],
    ["partially-actioned", shares.partiallyActioned],
    ["rejected", shares.rejected],
    ["needs-information", shares.needsInformation],
    ["pending", shares.pending],
  ];
  const total = table.reduce((sum, [, share]) => sum + share, 0);
  let point = random() * total;
  for (const [outcome, share] of table) {
    if (point < share) return outcome;
    point -= share;
  }
  return "pending";
}

/**
 * Draws a duration, in whole milliseconds.
 *
 * @example
 * ```ts
 * drawDelay({ distribution: "fixed", ms: 500 }, mulberry32(1)); // 500
 * ```
 */
export function drawDelay(delay: DelayDistribution, random: Random): number {
  return delay.distribution === "fixed"
    ? delay.ms
    : Math.round(logNormal(random, delay.medianMs, delay.sigma));
}

/**
 * Picks one item with the random source.
 *
 * @example
 * ```ts
 * pick(["a", "b"], mulberry32(1)); // "a" or "b", always the same for seed 1
 * ```
 */
export function pick<T>(items: readonly T[], random: Random): T {
  const item = items[Math.floor(random() * items.length)] ?? items[0];
  if (item === undefined) throw new RangeError("pick needs at least one item");
  return item;
}
