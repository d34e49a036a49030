import { InvalidOutcomeError } from "./errors.js";
import type { RequestState } from "./lifecycle.js";
import type { RequestEventOf } from "./schemas/request.js";

/** The decision on one target as the history tells it (see `RequestState["outcomes"]`). */
export type ResolvedOutcome = RequestState["outcomes"][number];

/**
 * Applies decision events to per-target outcomes, in history order. Internal to the fold.
 *
 * @internal
 */
export class OutcomeResolver {
  readonly #keys: () => ReadonlySet<string>;
  readonly #requestId: string;
  readonly #byTarget = new Map<string, ResolvedOutcome>();

  constructor(requestId: string, keys: () => ReadonlySet<string>) {
    this.#requestId = requestId;
    this.#keys = keys;
  }

  apply(
    event: RequestEventOf<"actioned"> | RequestEventOf<"partially-actioned"> | RequestEventOf<"rejected">,
    index: number,
  ): void {
    const base = { at: event.at, event: event.type };
    const explicit = new Set<string>();
    for (const outcome of event.outcomes ?? []) {
      if (!this.#keys().has(outcome.target)) {
        throw new InvalidOutcomeError({
          requestId: this.#requestId,
          index,
          target: outcome.target,
          reason: `an outcome for ${JSON.stringify(outcome.target)}, which is not a target of the request`,
        });
      }
      explicit.add(outcome.target);
      const resolved: ResolvedOutcome = { target: outcome.target, measure: outcome.measure, ...base };
      if (outcome.measure === "no-action") resolved.reasonCode = outcome.reasonCode ?? "other";
      else {
        resolved.scope = outcome.scope ?? "unspecified";
        resolved.ground = outcome.ground ?? "unspecified";
        if (outcome.until !== undefined) resolved.until = outcome.until;
      }
      if (outcome.platformCode !== undefined) resolved.platformCode = outcome.platformCode;
      if (outcome.platformText !== undefined) resolved.platformText = outcome.platformText;
      this.#byTarget.set(outcome.target, resolved);
    }
    // What the event says without outcomes: listed targets were actioned; a full action acts on every
    // target still undecided; a rejection declines every target still undecided.
    const unspecifiedAction = (target: string) =>
      this.#byTarget.set(target, {
        target,
        measure: "unspecified",
        scope: "unspecified",
        ground: "unspecified",
        ...base,
      });
    // An earlier, detailed action is kept when a later event only repeats that the target was actioned.
    const acted = (target: string) => {
      const measure = this.#byTarget.get(target)?.measure;
      return measure !== undefined && measure !== "no-action";
    };
    if (event.type !== "rejected") {
      for (const target of event.targets ?? []) {
        if (!explicit.has(target) && this.#keys().has(target) && !acted(target)) unspecifiedAction(target);
      }
    }
    if (event.type === "partially-actioned") return;
    for (const target of this.#keys()) {
      if (explicit.has(target)) continue;
      if (event.type === "actioned") {
        if (!acted(target)) unspecifiedAction(target);
      } else if (!this.#byTarget.has(target)) {
        this.#byTarget.set(target, { target, measure: "no-action", reasonCode: "unspecified", ...base });
      }
    }
  }

  /** The outcomes, in the order targets were first decided. */
  result(): ResolvedOutcome[] {
    return [...this.#byTarget.values()];
  }
}
