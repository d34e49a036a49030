/**
 * Caps how many calls to one platform are in flight at once.
 *
 * @example
 * ```ts
 * const slots = new Concurrency(4);
 * if (slots.available() > 0) { slots.take(); try { await call(); } finally { slots.give(); } }
 * ```
 */
export class Concurrency {
  readonly #max: number;
  #inFlight = 0;
  #waiters: (() => void)[] = [];

  constructor(max: number) {
    if (!(Number.isInteger(max) && max > 0))
      throw new RangeError(`concurrency must be a positive integer (got ${max})`);
    this.#max = max;
  }

  /** Free slots now. */
  available(): number {
    return this.#max - this.#inFlight;
  }

  /** Calls in flight. */
  inFlight(): number {
    return this.#inFlight;
  }

  /** Takes a slot (check `available()` first). */
  take(): void {
    this.#inFlight += 1;
  }

  /** Gives a slot back and wakes one waiter. */
  give(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    this.#waiters.shift()?.();
  }

  /** Resolves when a slot is given back (or at once when one is free). */
  whenAvailable(): Promise<void> {
    if (this.available() > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
