import type { RequestContent, RequestEvent } from "../../../domain/schemas/request.js";
import type { DispatchJob } from "../port.js";
import { CONTENT_CACHE_LIMIT } from "./rows.js";

/**
 * What a claim knows of a request, kept until its outcomes settle: the content (it never changes once
 * stored: `saveRequests` refuses a different one under the same id), the history when this store holds
 * it at the length the claim saw (see `SavedHistories`), and the claimed job when it is the request's
 * only one. A settle completing a one-job request with a known history computes the events from this
 * alone; the append is guarded (the history must still have the length the claim saw, every job must be
 * submitted), so a stale entry costs a step-by-step settle, never a wrong history.
 */
export interface ClaimedRequest {
  readonly content: RequestContent;
  /** The history, when known at the length the claim saw; otherwise the settle reads it. */
  events: RequestEvent[] | undefined;
  /** The claimed job, when it covers every target (the stored plan keys each target once: its only job). */
  only: DispatchJob | undefined;
}

/**
 * What claims read of each request they handed out, so a settle need not read it back. Bounded: an entry
 * goes when its request's outcomes settle, and all go past the limit.
 */
export class ClaimedRequests {
  private readonly entries = new Map<string, ClaimedRequest>();

  /** Empties the record once it is past its limit (called before a claim records its jobs). */
  trim(): void {
    if (this.entries.size > CONTENT_CACHE_LIMIT) this.entries.clear();
  }

  get(requestId: string): ClaimedRequest | undefined {
    return this.entries.get(requestId);
  }

  has(requestId: string): boolean {
    return this.entries.has(requestId);
  }

  /**
   * Records a claimed job; returns its request's content (parsed from `contentJson` once per request,
   * however many of its jobs are claimed). `eventCount` is the history's length the claim saw; `saved` the
   * history this store saved, when it has it.
   */
  note(
    job: DispatchJob,
    contentJson: string,
    eventCount: number,
    saved: RequestEvent[] | undefined,
  ): RequestContent {
    const entry = this.entries.get(job.requestId);
    // The history as this store knows it, if it still has the length the claim saw.
    const known = saved ?? entry?.events;
    const events = known?.length === eventCount ? known : undefined;
    const content = entry?.content ?? (JSON.parse(contentJson) as RequestContent);
    const only = job.targetKeys.length === content.targets.length ? job : undefined;
    if (entry) {
      entry.events = events;
      entry.only = only ?? entry.only;
    } else {
      this.entries.set(job.requestId, { content, events, only });
    }
    return content;
  }

  /** Forgets requests whose outcomes settled: a job given back is claimed (and read) again. */
  forget(requestIds: Iterable<string>): void {
    for (const id of requestIds) this.entries.delete(id);
  }
}
