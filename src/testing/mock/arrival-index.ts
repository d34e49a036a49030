/**
 * The arrival times of a mock's calls, kept sorted so "how many calls since T" is a binary search, not a
 * scan of every record: what rate-limit counters ask on every answer. Internal to the framework.
 */

/** Arrival times (virtual epoch ms), sorted ascending; appending in time order costs O(1). */
export class ArrivalTimes {
  #times: number[] = [];

  /** Adds one arrival. Out of order (the clock was set back) it is inserted in place. */
  add(at: number): void {
    const times = this.#times;
    const last = times[times.length - 1];
    if (last === undefined || last <= at) times.push(at);
    else times.splice(firstIndex(times, at, true), 0, at);
  }

  /** How many arrivals are at `since` or later (strictly later with `after`). */
  countSince(since: number, after = false): number {
    return this.#times.length - firstIndex(this.#times, since, after);
  }
}

/** The first index whose time is `>= at` (`> at` with `after`), in a sorted array. */
function firstIndex(times: readonly number[], at: number, after: boolean): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const time = times[middle] as number;
    if (after ? time <= at : time < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
