/**
 * One step of a Kaplan-Meier curve: at `time`, the survival drops to `survival`.
 *
 * @example
 * ```ts
 * for (const step of kaplanMeier([1, 2], [3]).steps) console.log(step.time, step.survival);
 * ```
 */
export interface SurvivalStep {
  /** An observed event time (hours, in the calculators). */
  time: number;
  /** Events (actions) at this time. */
  events: number;
  /** Subjects still at risk just before this time. */
  atRisk: number;
  /** S(time): the estimated share with no event up to and including this time. */
  survival: number;
}

/**
 * A Kaplan-Meier estimate and the quantiles the compliance figures use.
 *
 * @example
 * ```ts
 * const { median, p90 }: KaplanMeierEstimate = kaplanMeier(eventHours, censoredHours);
 * ```
 */
export interface KaplanMeierEstimate {
  /** One step per distinct event time, in increasing time. */
  steps: SurvivalStep[];
  /** Smallest observed event time with S(t) <= 0.5, or null when the curve never gets there. */
  median: number | null;
  /** Smallest observed event time with S(t) <= 0.1, or null when the curve never gets there. */
  p90: number | null;
}

/**
 * The Kaplan-Meier product-limit estimate from event times and censoring times. At a time where both
 * happen, events come first (the censored subjects are still at risk for those events), the usual
 * convention. Sorts copies of its inputs only when they are not sorted already.
 *
 * @example
 * ```ts
 * const km = kaplanMeier([1, 2, 2, 5], [2, 3]);
 * km.median; // 2: S(1) = 5/6, S(2) = 5/6 * 3/5 = 0.5
 * ```
 */
export function kaplanMeier(
  eventTimes: ArrayLike<number>,
  censorTimes: ArrayLike<number>,
): KaplanMeierEstimate {
  return kaplanMeierSorted(sortedCopy(eventTimes), sortedCopy(censorTimes), true);
}

/**
 * {@link kaplanMeier} over times already sorted ascending (not checked), with the curve's steps only when
 * `withSteps`: the calculators sort their samples once, in place, and most rows need only the quantiles.
 *
 * @internal
 */
export function kaplanMeierSorted(
  events: ArrayLike<number>,
  censored: ArrayLike<number>,
  withSteps: boolean,
): KaplanMeierEstimate {
  const steps: SurvivalStep[] = [];
  let atRisk = events.length + censored.length;
  let survival = 1;
  let median: number | null = null;
  let p90: number | null = null;
  let e = 0;
  let c = 0;
  while (e < events.length) {
    const time = events[e]!;
    // Censorings strictly before this event time leave the risk set first.
    while (c < censored.length && censored[c]! < time) {
      c++;
      atRisk--;
    }
    let deaths = 0;
    while (e < events.length && events[e] === time) {
      e++;
      deaths++;
    }
    survival *= 1 - deaths / atRisk;
    if (withSteps) steps.push({ time, events: deaths, atRisk, survival });
    atRisk -= deaths;
    // The estimate is a product of rounded factors; a tiny tolerance keeps S = 0.5 exactly at 0.5.
    if (median === null && survival <= 0.5 + 1e-12) median = time;
    if (p90 === null && survival <= 0.1 + 1e-12) {
      p90 = time;
      // Past the 90th percentile nothing else is read unless the curve is kept.
      if (!withSteps) break;
    }
  }
  return { steps, median, p90 };
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  const copy = new Float64Array(values.length);
  let sorted = true;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    copy[index] = value;
    if (index > 0 && value < copy[index - 1]!) sorted = false;
  }
  return sorted ? copy : copy.sort();
}
