import type { AttemptOutcome, RequestStore, WhenRequestSubmitted } from "./store/port.js";

/** How many waiting outcomes make a {@link Settler} settle at once, by default. */
export const DEFAULT_SETTLE_BATCH = 128;

/**
 * Groups the outcomes of every platform's calls into one `settle` transaction at a time, so six platform
 * loops cost one store transaction per tick instead of one each. Outcomes wait at most `intervalMs`
 * (default 50) or until `maxBatch` (default 128) are waiting; a crash in between repeats those calls under their original keys, which
 * the platforms answer idempotently.
 *
 * @example
 * ```ts
 * const settler = new Settler(store, whenRequestSubmitted, () => Date.now());
 * settler.start();
 * settler.push(outcome);
 * await settler.stop(); // settles what is left
 * ```
 */
export class Settler {
  readonly #store: RequestStore;
  readonly #build: WhenRequestSubmitted;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #maxBatch: number;
  #buffer: AttemptOutcome[] = [];
  #running: Promise<void> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #error: unknown;

  constructor(
    store: RequestStore,
    build: WhenRequestSubmitted,
    now: () => number,
    options: { intervalMs?: number; maxBatch?: number } = {},
  ) {
    this.#store = store;
    this.#build = build;
    this.#now = now;
    this.#intervalMs = options.intervalMs ?? 50;
    this.#maxBatch = options.maxBatch ?? DEFAULT_SETTLE_BATCH;
  }

  /** Outcomes waiting to be settled. */
  size(): number {
    return this.#buffer.length;
  }

  /** Adds an outcome; settles soon (or now, when many are waiting). */
  push(outcome: AttemptOutcome): void {
    this.#buffer.push(outcome);
    if (this.#buffer.length >= this.#maxBatch) this.#background();
  }

  /** Settles everything pushed so far; rethrows a failure of an earlier background settle. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
    this.#throwIfFailed();
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#running = this.#store
      .settle(batch, this.#build, this.#now())
      .then(() => {})
      .finally(() => {
        this.#running = undefined;
      });
    await this.#running;
  }

  /** Settles on a timer until `stop`. */
  start(): void {
    this.#timer ??= setInterval(() => this.#background(), this.#intervalMs);
    this.#timer.unref?.();
  }

  /** Stops the timer and settles what is left. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  #background(): void {
    if (this.#running || this.#buffer.length === 0) return;
    this.flush().catch((error: unknown) => {
      // Kept and rethrown by the next flush, so the run fails loudly instead of losing outcomes.
      this.#error ??= error;
    });
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) {
      const error = this.#error;
      this.#error = undefined;
      throw error;
    }
  }
}
