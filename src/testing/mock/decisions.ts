/**
 * How a platform mock decides: the scenario in force and its seeded random streams, what each new
 * submission's plan is, and what a forced state says per target.
 */
import type { StatusOutcome } from "../../adapter/v1/spec.js";
import type { RequestKind } from "../../domain/schemas/request.js";
import type { PlatformMockDefinition } from "./definition.js";
import {
  complete,
  DECLINE_TEXTS,
  drawActionDetail,
  drawDeclineDetail,
  type MockOutcomeDetail,
} from "./outcome-detail.js";
import { mulberry32, type Random } from "./random.js";
import {
  applyScenarioPatch,
  drawDelay,
  drawOutcome,
  GENERIC_REJECTION_REASONS,
  type MockScenario,
  pick,
  type ScenarioPatch,
} from "./scenario.js";
import type {
  ForcedState,
  MockSubmission,
  MockTarget,
  MockTargetOutcome,
  PlatformStateInfo,
} from "./types.js";

/** When and for whom a decision is made: the request kind, the requesting country, the decision time. */
interface DecisionContext {
  readonly kind: RequestKind | undefined;
  readonly country: string | undefined;
  readonly decidedAt: number;
}

/** What `plan` needs of a new submission. */
interface PlanInput {
  readonly targets: readonly MockTarget[];
  readonly kind: RequestKind | undefined;
  readonly country?: string | undefined;
}

// Per-target detail draws from a stream of its own, so turning detail on or off never changes which
// outcomes and delays a seed gives.
const detailStream = (seed: number): Random => mulberry32(seed ^ 0x6f75_7463);

/**
 * The scenario of one mock and the decisions drawn from it.
 * @internal
 *
 * @example
 * ```ts
 * const decisions = new MockDecisions(definition, scenario);
 * const plan = decisions.plan({ targets, kind: "suspend" }, clock.now());
 * ```
 */
export class MockDecisions<S extends string> {
  scenario: MockScenario;
  private random: Random;
  private detailRandom: Random;

  constructor(
    private readonly definition: PlatformMockDefinition<S>,
    private readonly defaultScenario: MockScenario,
  ) {
    this.scenario = defaultScenario;
    this.random = mulberry32(defaultScenario.seed);
    this.detailRandom = detailStream(defaultScenario.seed);
  }

  /** The next number of the seeded stream (what handlers draw from). */
  next(): number {
    return this.random();
  }

  setScenario(patch: ScenarioPatch): void {
    this.scenario = applyScenarioPatch(this.scenario, patch);
    if (patch.seed !== undefined) this.reseed();
  }

  reset(): void {
    this.scenario = this.defaultScenario;
    this.reseed();
  }

  /** A new submission's outcome, when it is reviewed and decided, and what it says per target. */
  plan(input: PlanInput, createdAt: number): MockSubmission["plan"] {
    const { scenario } = this;
    const outcome = drawOutcome(scenario.outcomes, this.random);
    const review = drawDelay(scenario.reviewDelay, this.random);
    const decision = Math.max(review, drawDelay(scenario.decisionDelay, this.random));
    const keys = input.targets.map((target) => target.key);
    const planned = outcome === "partially-actioned" && keys.length < 2 ? "actioned" : outcome;
    const picked =
      planned === "rejected"
        ? this.pickRejection()
        : planned === "needs-information"
          ? pick(scenario.informationRequests, this.random)
          : undefined;
    const context = { kind: input.kind, country: input.country, decidedAt: createdAt + decision };
    // A rejected submission is declined for one reason, its words the platform's for that reason.
    const declined = planned === "rejected" ? this.drawDecline(input.kind) : undefined;
    const reason = declined && picked !== undefined ? this.declineWords(picked, declined) : picked;
    return {
      outcome: planned,
      reviewAt: createdAt + review,
      decideAt: createdAt + decision,
      reason,
      targets: this.targets(planned, keys, planned === "rejected" ? reason : undefined, context, declined),
    };
  }

  /** What `mock.force` sets: the given reason and targets, or ones drawn as a decision would be. */
  forced(
    submission: MockSubmission,
    state: S,
    info: PlatformStateInfo,
    options: { reason?: string; targets?: readonly MockTargetOutcome[] },
    at: number,
  ): ForcedState {
    // A rejection without given targets is for one reason, in the platform's words for it.
    const declined =
      info.outcome === "rejected" && !options.targets ? this.drawDecline(submission.kind) : undefined;
    const givenWords = options.targets?.find((target) => target.outcome === "rejected")?.reason;
    const reason =
      options.reason ??
      (declined
        ? this.declineWords(this.pickRejection(), declined)
        : info.outcome === "rejected"
          ? (givenWords ?? this.pickRejection())
          : info.outcome === "needs-information"
            ? pick(this.scenario.informationRequests, this.random)
            : info.reason
              ? "as stated by the platform"
              : undefined);
    const keys = submission.targets.map((t) => t.key);
    const context = { kind: submission.kind, country: submission.country, decidedAt: at };
    const targets =
      options.targets?.map((target) => this.checkedDetail(target)) ??
      this.targets(info.outcome, keys, info.outcome === "rejected" ? reason : undefined, context, declined);
    return { state, reason, targets, at };
  }

  private reseed(): void {
    this.random = mulberry32(this.scenario.seed);
    this.detailRandom = detailStream(this.scenario.seed);
  }

  private drawDecline(kind: RequestKind | undefined): MockOutcomeDetail | undefined {
    const vocabulary = this.definition.outcomeVocabulary;
    const controls = this.scenario.outcomeDetail;
    return vocabulary && controls
      ? drawDeclineDetail(controls, vocabulary, this.detailRandom, kind)
      : undefined;
  }

  /** Words for a rejection, from the scenario's own when it gives them. */
  private pickRejection(): string {
    return pick(this.scenario.rejectionReasons ?? GENERIC_REJECTION_REASONS, this.random);
  }

  /**
   * The words of a decline with a reason code: the scenario's own (`picked`) when it gives them, else the
   * platform's words for the reason.
   */
  private declineWords(picked: string, detail: MockOutcomeDetail): string {
    return this.scenario.rejectionReasons ? picked : DECLINE_TEXTS[detail.reasonCode ?? "other"];
  }

  /**
   * The targets of a decision: "first actioned, the rest rejected" for a partial action. With detail
   * controls, each actioned target says what was done and each rejected one why (one reason for a
   * rejected submission: `shared`); a decline's words are then the platform's words for its reason.
   */
  private targets(
    outcome: StatusOutcome | "withdrawn",
    keys: readonly string[],
    reason: string | undefined,
    context: DecisionContext,
    shared?: MockOutcomeDetail,
  ): MockTargetOutcome[] {
    const vocabulary = this.definition.outcomeVocabulary;
    return keys.map((key, index) => {
      const controls = vocabulary ? this.scenario.outcomeDetail : undefined;
      const actioned =
        outcome === "actioned" ||
        (outcome === "partially-actioned" && (index === 0 || index < Math.ceil(keys.length / 2)));
      if (actioned) {
        const detail =
          controls && vocabulary
            ? drawActionDetail(controls, vocabulary, { ...context, key }, this.detailRandom)
            : undefined;
        return { key, outcome: "actioned", ...(detail ? { detail } : {}) };
      }
      if (outcome === "rejected" || outcome === "partially-actioned") {
        const picked = this.pickRejection();
        if (!controls || !vocabulary) return { key, outcome: "rejected", reason: reason ?? picked };
        const detail = shared ?? drawDeclineDetail(controls, vocabulary, this.detailRandom, context.kind);
        return { key, outcome: "rejected", reason: reason ?? this.declineWords(picked, detail), detail };
      }
      return { key, outcome: "pending" };
    });
  }

  /** A target's given detail, checked against what the platform can say. */
  private checkedDetail(target: MockTargetOutcome): MockTargetOutcome {
    if (target.detail === undefined) return target;
    const vocabulary = this.definition.outcomeVocabulary;
    if (!vocabulary) {
      throw new RangeError(
        `the ${this.definition.platform} mock does not say what it did per target (no outcomeVocabulary)`,
      );
    }
    const acting = target.detail.measure !== "no-action";
    if (acting !== (target.outcome === "actioned")) {
      throw new RangeError(
        `target ${target.key} is ${target.outcome} but its detail is ${target.detail.measure}: an action's detail goes with "actioned", a no-action with "rejected"`,
      );
    }
    return { ...target, detail: complete(target.detail, vocabulary) };
  }
}
