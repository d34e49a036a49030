import type { DispatchJob, JobRef, JobState, QueueCounts, StoredReceipt } from "./port.js";

/** A job as the memory store keeps it: mutable, with its claim order and its place in its platform's queue. */
export type MutableJob = { -readonly [K in keyof DispatchJob]: DispatchJob[K] } & {
  seq: number;
  emergency: boolean;
  /** Where the job waits in its platform's queue while it is queued (see {@link PlatformQueue}). */
  slot: Slot | undefined;
};
/** A job's place in a heap; stale (left behind) once the job has moved on, i.e. `job.slot !== slot`. */
interface Slot {
  readonly job: MutableJob;
  /** For `waiting`: the earliest time the job can be claimable. */
  readonly at: number;
  heap: Heap;
}

/**
 * A binary min-heap of slots with lazy deletion: a moved job leaves its old slot behind, which is dropped
 * when it reaches the top (or when stale slots outnumber live ones).
 */
class Heap {
  private items: Slot[] = [];
  stale = 0;
  constructor(private readonly before: (a: Slot, b: Slot) => boolean) {}

  push(slot: Slot): void {
    if (this.stale > 64 && this.stale * 2 > this.items.length) this.compact();
    const items = this.items;
    let i = items.length;
    items.push(slot);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(slot, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = slot;
  }

  /** The first live slot, dropping stale ones on the way. */
  peek(): Slot | undefined {
    let top = this.items[0];
    while (top !== undefined && top.job.slot !== top) {
      this.removeTop();
      this.stale -= 1;
      top = this.items[0];
    }
    return top;
  }

  /** Takes the first live slot out; its job is then in no heap until it is placed again. */
  pop(): Slot | undefined {
    const top = this.peek();
    if (top !== undefined) {
      this.removeTop();
      top.job.slot = undefined;
    }
    return top;
  }

  private removeTop(): void {
    const items = this.items;
    const last = items.pop()!;
    if (items.length === 0) return;
    this.siftDown(0, last);
  }

  private siftDown(start: number, slot: Slot): void {
    const items = this.items;
    const n = items.length;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(items[child + 1]!, items[child]!)) child += 1;
      if (!this.before(items[child]!, slot)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = slot;
  }

  private compact(): void {
    this.items = this.items.filter((slot) => slot.job.slot === slot);
    this.stale = 0;
    for (let i = (this.items.length >> 1) - 1; i >= 0; i -= 1) this.siftDown(i, this.items[i]!);
  }
}

/**
 * One platform's jobs. Every queued job sits in exactly one of two heaps: `waiting`, ordered by the
 * earliest time it can be claimable (its `notBefore`, or the end of its lease), or `ready`, in claim order
 * (emergencies first, then the order requests were stored, then batch). `claim` moves the jobs whose time
 * has come from `waiting` to `ready`, then takes from `ready`, checking each job against `now` exactly as a
 * scan would (a job taken out of `waiting` for a later `now` goes back when `now` is earlier).
 */
interface PlatformQueue {
  /** Every job of the platform, in the order they were stored. */
  readonly all: MutableJob[];
  readonly queued: Set<MutableJob>;
  readonly failed: Set<MutableJob>;
  submitted: number;
  cancelled: number;
  readonly waiting: Heap;
  readonly ready: Heap;
  /** The first job (in stored order) holding each receipt's platform reference. */
  readonly byPlatformRef: Map<string, MutableJob>;
}

export const jobId = (ref: JobRef) => `${ref.requestId}\u0000${ref.batch}`;
export const liveLease = (job: MutableJob, now: number) =>
  job.leaseOwner !== undefined && job.leaseExpiresAt !== undefined && job.leaseExpiresAt > now;
const claimable = (job: MutableJob, now: number) => job.notBefore <= now && !liveLease(job, now);
/** The earliest `now` at which {@link claimable} can hold; +Infinity when it never can (a NaN time). */
const availableAt = (job: MutableJob): number => {
  const lease = job.leaseOwner !== undefined ? job.leaseExpiresAt : undefined;
  const at = lease !== undefined && lease > job.notBefore ? lease : job.notBefore;
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
};
const claimOrder = (a: Slot, b: Slot): boolean => {
  const x = a.job;
  const y = b.job;
  if (x.emergency !== y.emergency) return x.emergency;
  if (x.seq !== y.seq) return x.seq < y.seq;
  return x.batch < y.batch;
};
const storedBefore = (x: MutableJob, y: MutableJob) =>
  x.seq < y.seq || (x.seq === y.seq && x.batch < y.batch);

/**
 * The memory store's job queue: every job, one `PlatformQueue` per platform, and the counts. It knows
 * nothing of requests or attempts: the store decides what a job's outcome does and hands it the jobs.
 */
export class MemoryJobQueue {
  /** Every job, in the order they were stored (request, then batch). */
  readonly #jobs = new Map<string, MutableJob>();
  readonly #queues = new Map<string, PlatformQueue>();

  /** Queues a new job (after every job stored before it). */
  add(job: MutableJob): void {
    this.#jobs.set(jobId(job), job);
    const queue = this.#queueOf(job.platform);
    queue.all.push(job);
    queue.queued.add(job);
    this.place(job);
  }

  /** The job `ref` names, if stored. */
  get(ref: JobRef): MutableJob | undefined {
    return this.#jobs.get(jobId(ref));
  }

  /** Every job, in stored order. */
  all(): Iterable<MutableJob> {
    return this.#jobs.values();
  }

  /** Every job of `platform`, in stored order. */
  jobsOf(platform: string): readonly MutableJob[] {
    return this.#queues.get(platform)?.all ?? [];
  }

  /** The failed jobs of `platform` (of every platform when undefined). */
  failed(platform: string | undefined): MutableJob[] {
    const out: MutableJob[] = [];
    for (const queue of platform === undefined ? this.#queues.values() : [this.#queues.get(platform)]) {
      if (queue) out.push(...queue.failed);
    }
    return out;
  }

  /** The first job (in stored order) of `platform` holding a receipt with `platformRef`. */
  byPlatformRef(platform: string, platformRef: string): MutableJob | undefined {
    return this.#queues.get(platform)?.byPlatformRef.get(platformRef);
  }

  /** The platforms with jobs, sorted. */
  platforms(): string[] {
    return [...this.#queues.keys()].sort();
  }

  /**
   * Takes up to `limit` jobs of `platform` claimable at `now`, in claim order. Each is offered to `keep`
   * first: one it refuses (it has already been moved out of the queue) still counts towards `limit`.
   */
  takeClaimable(
    platform: string,
    limit: number,
    now: number,
    keep: (job: MutableJob) => boolean,
  ): MutableJob[] {
    const queue = this.#queues.get(platform);
    if (!queue) return [];
    // As `slice(0, Math.max(0, limit))` counts.
    const max = Number.isNaN(limit) ? 0 : Math.max(0, Math.trunc(limit));
    for (let slot = queue.waiting.peek(); slot !== undefined && slot.at <= now; slot = queue.waiting.peek()) {
      queue.waiting.pop();
      const moved: Slot = { job: slot.job, at: slot.at, heap: queue.ready };
      slot.job.slot = moved;
      queue.ready.push(moved);
    }
    const taken: MutableJob[] = [];
    const notYet: MutableJob[] = [];
    let looked = 0;
    while (looked < max) {
      const slot = queue.ready.pop();
      if (slot === undefined) break;
      if (!claimable(slot.job, now)) {
        notYet.push(slot.job); // `now` went back in time: it waits again
        continue;
      }
      looked += 1;
      if (keep(slot.job)) taken.push(slot.job);
    }
    for (const job of notYet) this.place(job);
    return taken;
  }

  /** Takes a job out of its heap (it left the queue, or is about to be placed again). */
  unplace(job: MutableJob): void {
    if (job.slot !== undefined) {
      job.slot.heap.stale += 1;
      job.slot = undefined;
    }
  }

  /** Puts a queued job (new, or whose times or lease changed) in its platform's `waiting` heap. */
  place(job: MutableJob): void {
    this.unplace(job);
    const heap = this.#queueOf(job.platform).waiting;
    const slot: Slot = { job, at: availableAt(job), heap };
    job.slot = slot;
    heap.push(slot);
  }

  /** Moves a job to `state`, keeping the platform's sets and counts. */
  setState(job: MutableJob, state: JobState): void {
    const queue = this.#queueOf(job.platform);
    if (job.state === "queued") queue.queued.delete(job);
    else if (job.state === "failed") queue.failed.delete(job);
    else if (job.state === "cancelled") queue.cancelled -= 1;
    else queue.submitted -= 1;
    if (state === "queued") queue.queued.add(job);
    else if (state === "failed") queue.failed.add(job);
    else if (state === "cancelled") queue.cancelled += 1;
    else queue.submitted += 1;
    job.state = state;
    if (state !== "queued") this.unplace(job);
  }

  /** Indexes a submitted job by its receipt's platform reference (the first job in stored order wins). */
  indexReceipt(job: MutableJob, receipt: StoredReceipt): void {
    const index = this.#queueOf(job.platform).byPlatformRef;
    const first = index.get(receipt.platformRef);
    if (first === undefined || storedBefore(job, first)) index.set(receipt.platformRef, job);
  }

  /** The counts of `platform` (of every platform when undefined) at `now`. */
  counts(platform: string | undefined, now: number): QueueCounts {
    let queued = 0;
    let leased = 0;
    let submitted = 0;
    let failed = 0;
    let cancelled = 0;
    let nextClaimableAt: number | undefined;
    for (const queue of platform === undefined ? this.#queues.values() : [this.#queues.get(platform)]) {
      if (!queue) continue;
      submitted += queue.submitted;
      failed += queue.failed.size;
      cancelled += queue.cancelled;
      for (const job of queue.queued) {
        queued += 1;
        const live = liveLease(job, now);
        if (live) leased += 1;
        const at = live ? Math.max(job.notBefore, job.leaseExpiresAt ?? 0) : job.notBefore;
        nextClaimableAt = nextClaimableAt === undefined ? at : Math.min(nextClaimableAt, at);
      }
    }
    return { queued, leased, submitted, failed, cancelled, nextClaimableAt };
  }

  #queueOf(platform: string): PlatformQueue {
    let queue = this.#queues.get(platform);
    if (!queue) {
      queue = {
        all: [],
        queued: new Set(),
        failed: new Set(),
        submitted: 0,
        cancelled: 0,
        waiting: new Heap((a, b) => a.at < b.at),
        ready: new Heap(claimOrder),
        byPlatformRef: new Map(),
      };
      this.#queues.set(platform, queue);
    }
    return queue;
  }
}
