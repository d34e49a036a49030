import { PreservationLimitError } from "./disclosure-errors.js";
import { IllegalTransitionError, ValidationError } from "./errors.js";
import {
  addPreservationDuration,
  PRESERVATION_PRESETS,
  type PreservationRule,
} from "./preservation-presets.js";
import type { ReferralRequest, RequestContent, RequestEvent } from "./schemas/request.js";

/**
 * The preservation rule a `preserve` request relies on: its preset, or the rule written into it;
 * `undefined` when the request names none (its preservation then has no known maximum).
 *
 * @example
 * ```ts
 * preservationRule(request)?.maximum; // { days: 90 } for "eu-e-evidence"
 * ```
 */
export function preservationRule(
  content: Pick<RequestContent, "preservation">,
): PreservationRule | undefined {
  const rule = content.preservation?.rule;
  if (rule === undefined) return undefined;
  return typeof rule === "string" ? PRESERVATION_PRESETS[rule] : rule;
}

/** Where a preservation stands, as {@link preservationState} reads it from the history. */
export interface PreservationState {
  requestId: string;
  platform: string;
  /** The rule's id, when the request names one. */
  rule: string | undefined;
  /**
   * `not-preserved` until the platform confirms; `active` while kept; `production-requested` once the
   * legal process for production is issued; `lapsed` when the preservation ended before a production
   * request; `ended` when the request was withdrawn, rejected or answered with no data.
   */
  status: "not-preserved" | "active" | "production-requested" | "lapsed" | "ended";
  /** When the preservation started counting: the submission. */
  startedAt: string | undefined;
  /** When the platform confirmed it. */
  preservedAt: string | undefined;
  /** Until when the data is kept (the latest extension, the platform's date, or the rule's period). */
  preservedUntil: string | undefined;
  /** The latest `preservedUntil` the rule allows (absent: no fixed maximum, or lifted by a production request). */
  maximumUntil: string | undefined;
  /** Each extension, in order. */
  extensions: { at: string; preservedUntil: string; reason: string }[];
  /** When the legal process for production was issued. */
  productionRequestedAt: string | undefined;
  /** The `disclose-data` request carrying it, when named. */
  disclosureRequestId: string | undefined;
  /**
   * When the preservation ended before any production request was issued (the request came too late, or
   * has not come by `asOf`); undefined otherwise.
   */
  lapsedAt: string | undefined;
}

/**
 * Follows a `preserve` request's history event by event, checking what a transition table cannot: an
 * extension must extend, and no `preservedUntil` may pass the rule's maximum (unless a production request
 * lifted it). The lifecycle fold and {@link preservationState} both use it.
 *
 * @internal
 */
export class PreservationFold {
  private readonly rule: PreservationRule | undefined;
  private startedAt: string | undefined;
  private preservedAt: string | undefined;
  private preservedUntil: string | undefined;
  private productionRequestedAt: string | undefined;
  private disclosureRequestId: string | undefined;
  private ended = false;
  private lapsedAt: string | undefined;
  private readonly extensions: { at: string; preservedUntil: string; reason: string }[] = [];

  constructor(private readonly content: RequestContent) {
    this.rule = preservationRule(content);
  }

  /** Applies one event (`from`: the state before it); throws when it breaks the preservation rules. */
  apply(event: RequestEvent, index: number, from: string | null = null): void {
    switch (event.type) {
      case "submitted":
        this.startedAt = event.at;
        break;
      case "preserved": {
        const until =
          event.preservedUntil ??
          (this.rule ? addPreservationDuration(this.startedAt ?? event.at, this.rule.period) : undefined);
        if (until !== undefined) {
          this.checkAfter(until, event.at, index, event.type, from);
          this.checkMaximum(until, index);
        }
        this.preservedAt = event.at;
        this.preservedUntil = until;
        break;
      }
      case "preservation-extended": {
        const current = this.preservedUntil;
        if (current !== undefined && Date.parse(event.at) > Date.parse(current)) {
          throw new IllegalTransitionError({
            from,
            event: event.type,
            index,
            requestId: this.content.id,
            reason: `the preservation ended at ${current}, before this extension at ${event.at}; extend it before it ends`,
          });
        }
        if (current !== undefined && Date.parse(event.preservedUntil) <= Date.parse(current)) {
          throw new IllegalTransitionError({
            from,
            event: event.type,
            index,
            requestId: this.content.id,
            reason: `preservedUntil ${event.preservedUntil} does not extend the preservation (it already runs until ${current})`,
          });
        }
        this.checkAfter(event.preservedUntil, event.at, index, event.type, from);
        this.checkMaximum(event.preservedUntil, index);
        this.preservedUntil = event.preservedUntil;
        this.extensions.push({ at: event.at, preservedUntil: event.preservedUntil, reason: event.reason });
        break;
      }
      case "production-requested":
        if (
          this.productionRequestedAt === undefined &&
          this.preservedUntil !== undefined &&
          Date.parse(this.preservedUntil) < Date.parse(event.at)
        ) {
          this.lapsedAt = this.preservedUntil;
        }
        this.productionRequestedAt ??= event.at;
        this.disclosureRequestId ??= event.disclosureRequestId;
        break;
      case "withdrawn":
      case "rejected":
      case "no-data":
        this.ended = true;
        break;
      default:
        break;
    }
  }

  /** The state after the events applied so far, as of a time. */
  state(asOf: number): PreservationState {
    const lapsedAt =
      this.lapsedAt ??
      (this.preservedUntil !== undefined &&
      this.productionRequestedAt === undefined &&
      Date.parse(this.preservedUntil) < asOf
        ? this.preservedUntil
        : undefined);
    let status: PreservationState["status"];
    if (this.ended) status = "ended";
    else if (this.productionRequestedAt !== undefined) status = "production-requested";
    else if (this.preservedAt === undefined) status = "not-preserved";
    else status = lapsedAt !== undefined ? "lapsed" : "active";
    return {
      requestId: this.content.id,
      platform: this.content.platform,
      rule: this.rule?.id,
      status,
      startedAt: this.startedAt,
      preservedAt: this.preservedAt,
      preservedUntil: this.preservedUntil,
      maximumUntil: this.maximumUntil(),
      extensions: [...this.extensions],
      productionRequestedAt: this.productionRequestedAt,
      disclosureRequestId: this.disclosureRequestId,
      lapsedAt,
    };
  }

  private maximumUntil(): string | undefined {
    const rule = this.rule;
    if (!rule?.maximum || (rule.liftedByProductionRequest && this.productionRequestedAt !== undefined)) {
      return undefined;
    }
    const start = this.startedAt ?? this.preservedAt;
    return start === undefined ? undefined : addPreservationDuration(start, rule.maximum);
  }

  private checkMaximum(until: string, index: number): void {
    const maximum = this.maximumUntil();
    if (maximum !== undefined && Date.parse(until) > Date.parse(maximum)) {
      throw new PreservationLimitError({
        requestId: this.content.id,
        index,
        requested: until,
        maximum,
        rule: this.rule!.id,
      });
    }
  }

  private checkAfter(until: string, at: string, index: number, type: string, from: string | null): void {
    if (Date.parse(until) <= Date.parse(at)) {
      throw new IllegalTransitionError({
        from,
        event: type,
        index,
        requestId: this.content.id,
        reason: `preservedUntil ${until} is not after the event at ${at}`,
      });
    }
  }
}

/**
 * Reads where a `preserve` request's preservation stands: confirmed or not, until when, how far it may
 * still be extended, and whether it lapsed before the legal process for production was issued.
 *
 * @throws {TypeError} the request is not a `preserve` request.
 *
 * @example
 * ```ts
 * const state = preservationState(request, { asOf: new Date() });
 * if (state.status === "active") console.log("kept until", state.preservedUntil);
 * ```
 */
export function preservationState(
  request: ReferralRequest,
  options: { asOf?: Date | string | number } = {},
): PreservationState {
  if (request.kind !== "preserve") {
    throw new TypeError(`request ${request.id} is a "${request.kind}" request, not "preserve"`);
  }
  const fold = new PreservationFold(request);
  let from: string | null = null;
  request.events.forEach((event, index) => {
    fold.apply(event, index, from);
    from = event.type;
  });
  return fold.state(toTime(options.asOf ?? Date.now(), "asOf"));
}

/**
 * The preservations that end within `withinDays` of `asOf` with no production request issued yet, the
 * soonest first: the alarm that the legal process must catch up, or the preservation be extended.
 * `includeLapsed` also lists those that already ended before any production request.
 *
 * @example
 * ```ts
 * import { expiringPreservations } from "referral-kit";
 *
 * for (const item of expiringPreservations(requests, { asOf: new Date(), withinDays: 14 })) {
 *   console.log(item.requestId, item.platform, item.preservedUntil, item.daysLeft.toFixed(1));
 * }
 * ```
 */
export function expiringPreservations(
  requests: Iterable<ReferralRequest>,
  options: { asOf?: Date | string | number; withinDays: number; includeLapsed?: boolean },
): {
  requestId: string;
  platform: string;
  rule: string | undefined;
  preservedUntil: string;
  /** Whole and fractional days from `asOf` to `preservedUntil`; negative once lapsed. */
  daysLeft: number;
  /** True when the preservation may still be extended (the rule's maximum is later than `preservedUntil`, or there is none). */
  extendable: boolean;
}[] {
  if (!(Number.isFinite(options.withinDays) && options.withinDays >= 0)) {
    throw new ValidationError("expiringPreservations options", [
      { path: ["withinDays"], message: "withinDays must be a number of days, 0 or more", code: "custom" },
    ]);
  }
  const asOf = toTime(options.asOf ?? Date.now(), "asOf");
  const horizon = asOf + options.withinDays * 86_400_000;
  const found: ReturnType<typeof expiringPreservations> = [];
  for (const request of requests) {
    if (request.kind !== "preserve") continue;
    const state = preservationState(request, { asOf });
    if (state.preservedUntil === undefined) continue;
    if (state.status !== "active" && !(options.includeLapsed && state.status === "lapsed")) continue;
    const until = Date.parse(state.preservedUntil);
    if (until > horizon) continue;
    found.push({
      requestId: state.requestId,
      platform: state.platform,
      rule: state.rule,
      preservedUntil: state.preservedUntil,
      daysLeft: (until - asOf) / 86_400_000,
      extendable: state.maximumUntil === undefined || Date.parse(state.maximumUntil) > until,
    });
  }
  return found.sort((a, b) => Date.parse(a.preservedUntil) - Date.parse(b.preservedUntil));
}

/** @internal */
export function toTime(value: Date | string | number, name: string): number {
  const time =
    typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : value.getTime();
  if (!Number.isFinite(time)) {
    throw new ValidationError(name, [
      { path: [name], message: `not a valid time: ${String(value)}`, code: "custom" },
    ]);
  }
  return time;
}
