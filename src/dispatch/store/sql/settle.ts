import type { ContentHash } from "../../../domain/canonical-json.js";
import { linkEvents } from "../../../domain/history-chain.js";
import type { ReferralRequest, RequestContent, RequestEvent } from "../../../domain/schemas/request.js";
import { checkAppend } from "../history.js";
import type {
  AttemptOutcome,
  DispatchJob,
  SettleResult,
  StoredReceipt,
  WhenRequestSubmitted,
} from "../port.js";
import type { ClaimedRequests } from "./claimed-requests.js";
import { batchInTransaction, type SqlDriver, type SqlStep } from "./driver.js";
import type { KnownHead, KnownHeads } from "./history-caches.js";
import { asSubmitted, type JobRow, jobKey, json, toJob } from "./rows.js";
import {
  APPEND_SQL,
  COMPLETED_SQL,
  COMPLETING_SQL,
  GUARDED_APPEND_SQL,
  LEFT_INCOMPLETE_SQL,
  LOCK_SQL,
  outcomeRow,
  rounds,
  settleRoundSql,
} from "./settle-sql.js";

/**
 * The rows that append events to requests whose histories have a known length: `inserts` and `statuses`
 * for `APPEND_SQL` and `GUARDED_APPEND_SQL` (`expected` is the length read; the unguarded statement
 * ignores it), and the settle's results.
 */
function appendPlan() {
  const inserts: { request_id: string; n: number; event: RequestEvent; prev: string; hash: string }[] = [];
  const statuses: { id: string; status: string; event_count: number; expected: number }[] = [];
  const appendedBy = new Map<string, RequestEvent[]>();
  const heads = new Map<string, KnownHead>();
  return {
    inserts,
    statuses,
    appendedBy,
    heads,
    /**
     * Plans `events` after `request`'s history, whose last event's hash is `head`; nothing when there are
     * none.
     */
    add(request: ReferralRequest, events: RequestEvent[], head: ContentHash): void {
      if (events.length === 0) return;
      const expected = request.events.length;
      const links = linkEvents(request.id, expected, head, events);
      events.forEach((event, i) => {
        inserts.push({
          request_id: request.id,
          n: expected + i,
          event,
          prev: links[i]!.prev,
          hash: links[i]!.hash,
        });
      });
      heads.set(request.id, { count: expected + events.length, head: links[links.length - 1]!.hash });
      statuses.push({
        id: request.id,
        status: events[events.length - 1]!.type,
        event_count: expected + events.length,
        expected,
      });
      appendedBy.set(request.id, events);
    },
    results: (ids: readonly string[]): SettleResult[] =>
      ids.map((requestId) => ({ requestId, appended: appendedBy.get(requestId) ?? [] })),
  };
}

/**
 * Records how attempts ended (the outbox rows and the jobs) and, in the same transaction, appends the
 * events of every request whose last job they submit: in one round trip when the requests are known
 * (`settleInOneTrip`), otherwise step by step. Under a lock on the request rows (except with one session),
 * so two workers finishing sibling batches append the events once.
 */
export class SqlSettler {
  constructor(
    private readonly driver: SqlDriver,
    private readonly heads: KnownHeads,
    private readonly claims: ClaimedRequests,
    /** The database has one session (PGlite), so transactions never overlap and row locks can be skipped. */
    private readonly singleSession: boolean,
  ) {}

  /** See `RequestStore.settle`. */
  async settle(
    outcomes: readonly AttemptOutcome[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: number,
  ): Promise<SettleResult[]> {
    if (outcomes.length === 0) return [];
    const ids = [...new Set(outcomes.map((outcome) => outcome.requestId))].sort();
    return (
      (await this.settleInOneTrip(outcomes, ids, whenRequestSubmitted, now)) ??
      this.settleStepByStep(outcomes, ids, whenRequestSubmitted, now)
    );
  }

  /** Records the outcomes and the jobs, one statement per round; returns the requests of jobs now submitted. */
  private readonly roundSteps = (outcomes: readonly AttemptOutcome[], now: number): SqlStep[] =>
    rounds(outcomes).map((round) => ({
      sql: settleRoundSql(round),
      params: [json(round.map(outcomeRow)), now],
    }));

  /**
   * Settles in two round trips: reads the requests this settle may complete, computes their `submitted`
   * events here, then records outcomes, jobs and events in one transaction sent as one batch (the PGlite
   * thread runs it without waiting for this thread between statements). The batch appends a request's
   * events only if its history is still the one read and all its jobs are submitted, and rolls back if any
   * request ends up complete without its `submitted` event (a sibling batch settled elsewhere in between,
   * say); the caller then settles step by step. So the outcome is always the step-by-step one.
   */
  private async settleInOneTrip(
    outcomes: readonly AttemptOutcome[],
    ids: readonly string[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: number,
  ): Promise<SettleResult[] | undefined> {
    const receipts = new Map<string, StoredReceipt>();
    const submitting: { request_id: string; batch: number }[] = [];
    for (const outcome of outcomes) {
      if (outcome.kind !== "submitted") continue;
      receipts.set(jobKey(outcome.requestId, outcome.batch), outcome.receipt);
      submitting.push({ request_id: outcome.requestId, batch: outcome.batch });
    }
    const requestIds = [...new Set(submitting.map((job) => job.request_id))];
    const plan = appendPlan();
    /** Plans the events of `request` completed with `jobs`; false when the fold refuses them. */
    const planCompleted = (
      request: ReferralRequest,
      jobs: DispatchJob[],
      head?: ContentHash | null,
    ): boolean => {
      if (request.events.some((event) => event.type === "submitted")) return true;
      try {
        plan.add(
          request,
          checkAppend(request, whenRequestSubmitted(request, jobs), undefined),
          head ?? this.heads.headOf(request),
        );
        return true;
      } catch {
        return false; // Step by step, where the same failure rolls the settle back as it always did.
      }
    };
    // A request with one job, claimed here, is completed by that job's success: its events come from
    // what the claim read, with no read now. The others are read: which of them this settle completes,
    // with their jobs and history.
    const toRead: string[] = [];
    for (const id of requestIds) {
      const entry = this.claims.get(id);
      const job = entry?.only;
      const receipt = job && receipts.get(jobKey(id, job.batch));
      if (!entry?.events || !job || !receipt) {
        toRead.push(id);
        continue;
      }
      if (!planCompleted({ ...entry.content, events: entry.events }, [asSubmitted(job, receipt)])) {
        return undefined;
      }
    }
    const reading = new Set(toRead);
    const candidates =
      toRead.length === 0
        ? []
        : await this.driver.query<{
            id: string;
            content: RequestContent | null;
            events: RequestEvent[];
            head: ContentHash | null;
            jobs: JobRow[];
          }>(COMPLETING_SQL, [
            toRead,
            json(submitting.filter((job) => reading.has(job.request_id))),
            toRead.filter((id) => !this.claims.has(id)),
          ]);
    for (const row of candidates) {
      const content = row.content ?? this.claims.get(row.id)?.content;
      if (!content) return undefined;
      // The jobs as the round statements will leave them.
      const jobs = row.jobs.map((jobRow): DispatchJob => {
        const job = toJob(jobRow);
        const receipt = receipts.get(jobKey(job.requestId, job.batch));
        return receipt && job.state !== "submitted" ? asSubmitted(job, receipt) : job;
      });
      if (!planCompleted({ ...content, events: row.events ?? [] }, jobs, row.head)) return undefined;
    }
    const steps: SqlStep[] = [...this.lockSteps(ids), ...this.roundSteps(outcomes, now)];
    // Rolled back if a prepared append finds its history changed, or if a request the batch did not
    // append to is left complete without its `submitted` event (only those need the events scanned).
    if (plan.statuses.length > 0) {
      steps.push({
        sql: GUARDED_APPEND_SQL,
        params: [json(plan.statuses), json(plan.inserts)],
        rollbackIfRows: true,
      });
    }
    // Nothing to check when the batch appended to every request it touched (the common case).
    if (ids.some((id) => !plan.appendedBy.has(id))) {
      steps.push({
        sql: LEFT_INCOMPLETE_SQL,
        params: [ids, [...plan.appendedBy.keys()]],
        rollbackIfRows: true,
      });
    }
    const result = await (this.driver.batch
      ? this.driver.batch(steps)
      : batchInTransaction(this.driver, steps));
    if (!result.committed) return undefined;
    // Settled: a job given back is claimed (and read) again; a sibling job still out reads its request.
    this.claims.forget(ids);
    this.heads.remember(plan.heads);
    return plan.results(ids);
  }

  /** Row locks on the requests, in a fixed order: serialises workers finishing sibling batches. */
  private readonly lockSteps = (ids: readonly string[]): SqlStep[] =>
    // One session (PGlite) runs one transaction at a time, so there is nothing to serialise against.
    this.singleSession ? [] : [{ sql: LOCK_SQL, params: [ids] }];

  /** The settle as one transaction with this thread between its statements (the general case). */
  private settleStepByStep(
    outcomes: readonly AttemptOutcome[],
    ids: readonly string[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: number,
  ): Promise<SettleResult[]> {
    return this.driver
      .transaction(async (tx) => {
        for (const step of this.lockSteps(ids)) await tx.query(step.sql, step.params);
        const completed = new Set<string>();
        // One statement per round records the attempts and the jobs (the recordset is parsed once). A
        // statement's parts must not touch one job twice, so a job with two outcomes in one settle (given
        // back, claimed again and sent within one tick) takes a second round, in order.
        for (const step of this.roundSteps(outcomes, now)) {
          const submitted = await tx.query<{ request_id: string }>(step.sql, step.params);
          for (const row of submitted) completed.add(row.request_id);
        }
        const plan = appendPlan();
        if (completed.size > 0) {
          // The requests whose every job is now submitted, with their jobs, content and history: one
          // statement.
          const done = await tx.query<{
            id: string;
            content: RequestContent;
            events: RequestEvent[];
            head: ContentHash | null;
            jobs: JobRow[];
          }>(COMPLETED_SQL, [[...completed]]);
          for (const row of done) {
            const request: ReferralRequest = { ...row.content, events: row.events ?? [] };
            if (request.events.some((event) => event.type === "submitted")) continue;
            const jobs = row.jobs.map(toJob);
            // The whole history is folded with the new events (lifecycle, time order, safeguards).
            const events = checkAppend(request, whenRequestSubmitted(request, jobs), undefined);
            plan.add(request, events, row.head ?? this.heads.headOf(request));
          }
          if (plan.inserts.length > 0) {
            await tx.query(APPEND_SQL, [json(plan.inserts), json(plan.statuses)]);
          }
        }
        return plan;
      })
      .then((plan) => {
        this.heads.remember(plan.heads);
        return plan.results(ids);
      });
  }
}
