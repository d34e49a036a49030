import type { AttemptOutcome, RequestStore, WhenRequestSubmitted } from "./store/port.js";

/** How many waiting outcomes make a {@link Settler} settle at once, by default. */
export const DEFAULT_SETTLE_BATCH = 128;

/**
 * When a {@link Settler} writes: `eager` starts a settle as soon as an outcome arrives and none is
 * running (group commit: outcomes that arrive meanwhile go together in the next), `batched` waits up to
 * `intervalMs` or until `maxBatch` outcomes are waiting.
 */
export type SettleTiming = "eager" | "batched";

/**
 * Groups the outcomes of every platform's calls into one `settle` transaction at a time, so six platform
 * loops cost one store transaction per settle instead of one each. Eager (the dispatcher's default): a
 * settle starts as soon as the previous one ends, and `push` resolves once the outcome is committed, so a
 * caller that waits for it never has more unwritten outcomes than calls in flight. Batched (the
 * throughput mode): outcomes wait at most `intervalMs` (default 50) or until `maxBatch` (default 128) are
 * waiting; a crash in between repeats those calls under their original keys.
 *
 * @example
 * ```ts
 * const settler = new Settler(store, whenRequestSubmitted, () => Date.now(), { timing: "eager" });
 * settler.start();
 * const written = await settler.push(outcome); // true once committed
 * await settler.stop(); // settles what is left
 * ```
 */
export class Settler {
  readonly #store: RequestStore;
  readonly #build: WhenRequestSubmitted;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #maxBatch: number;
  readonly #eager: boolean;
  #buffer: AttemptOutcome[] = [];
  #waiters: ((written: boolean) => void)[] = [];
  #running: Promise<void> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #error: unknown;

  constructor(
    store: RequestStore,
    build: WhenRequestSubmitted,
    now: () => number,
    options: { intervalMs?: number; maxBatch?: number; timing?: SettleTiming } = {},
  ) {
    this.#store = store;
    this.#build = build;
    this.#now = now;
    this.#intervalMs = options.intervalMs ?? 50;
    this.#maxBatch = options.maxBatch ?? DEFAULT_SETTLE_BATCH;
    this.#eager = options.timing === "eager";
  }

  /** Outcomes waiting to be settled. */
  size(): number {
    return this.#buffer.length;
  }

  /** True once a settle has failed (its error is rethrown by the next `flush`). */
  failed(): boolean {
    return this.#error !== undefined;
  }

  /**
   * Adds an outcome and settles soon (at once when eager, or when many are waiting). Resolves `true` once
   * the outcome is committed, `false` if its settle failed (never rejects: the error is rethrown by
   * `flush`, so a caller that does not wait loses nothing).
   */
  push(outcome: AttemptOutcome): Promise<boolean> {
    this.#buffer.push(outcome);
    // After a failed settle nothing more is written until `flush` reports it: say so at once.
    if (this.#error !== undefined) return Promise.resolve(false);
    const written = new Promise<boolean>((resolve) => this.#waiters.push(resolve));
    if (this.#eager || this.#buffer.length >= this.#maxBatch) this.#background();
    return written;
  }

  /** Settles everything pushed so far; rethrows a failure of an earlier background settle. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
    this.#throwIfFailed();
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    const waiters = this.#waiters;
    this.#buffer = [];
    this.#waiters = [];
    this.#running = this.#store
      .settle(batch, this.#build, this.#now())
      .then(
        () => {
          for (const resolve of waiters) resolve(true);
        },
        (error: unknown) => {
          // This batch, and whatever arrived meanwhile (no settle starts after a failure), is unwritten.
          for (const resolve of [...waiters, ...this.#waiters.splice(0)]) resolve(false);
          throw error;
        },
      )
      .finally(() => {
        this.#running = undefined;
        // Group commit: what arrived during this settle goes in the next one, at once.
        if (this.#eager) this.#background();
      });
    await this.#running;
  }

  /** Settles on a timer until `stop` (batched timing; eager settles need no timer). */
  start(): void {
    if (this.#eager) return;
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
    if (this.#running || this.#buffer.length === 0 || this.#error !== undefined) return;
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
