import type { ReferralRequest, RequestContent, RequestEvent } from "../../../domain/schemas/request.js";
import { StoreError } from "../../errors.js";
import { canonicalJson, checkAppend, checkEntry, conflict, contentOf } from "../history.js";
import type {
  AttemptError,
  AttemptOutcome,
  AttemptRecord,
  ClaimedJob,
  DispatchJob,
  EnqueueEntry,
  JobRef,
  JobState,
  QueueCounts,
  RequestFilter,
  RequestStore,
  SaveResult,
  SettleResult,
  StoredReceipt,
  WhenRequestSubmitted,
} from "../port.js";
import type { SqlDriver, SqlExecutor } from "./driver.js";

interface JobRow {
  request_id: string;
  batch: number;
  platform: string;
  target_keys: string[];
  state: JobState;
  generation: number;
  idempotency_key: string;
  attempts: number;
  not_before: string | number;
  lease_owner: string | null;
  lease_expires_at: string | number | null;
  receipt: StoredReceipt | null;
  last_error: AttemptError | null;
}

interface AttemptRow {
  request_id: string;
  batch: number;
  idempotency_key: string;
  generation: number;
  attempt: number;
  worker_id: string;
  started_at: string | number;
  finished_at: string | number | null;
  outcome: AttemptRecord["outcome"];
  error: AttemptError | null;
  platform_ref: string | null;
}

const JOB_COLUMNS =
  "request_id, batch, platform, target_keys, state, generation, idempotency_key, attempts, not_before, " +
  "lease_owner, lease_expires_at, receipt, last_error";

/** `pg` returns bigint as a string; PGlite as a number. Times fit a double exactly. */
const num = (value: string | number): number => Number(value);
const optNum = (value: string | number | null): number | undefined =>
  value === null ? undefined : Number(value);

function toJob(row: JobRow): DispatchJob {
  return {
    requestId: row.request_id,
    batch: Number(row.batch),
    platform: row.platform,
    targetKeys: row.target_keys,
    state: row.state,
    generation: Number(row.generation),
    idempotencyKey: row.idempotency_key,
    attempts: Number(row.attempts),
    notBefore: num(row.not_before),
    leaseOwner: row.lease_owner ?? undefined,
    leaseExpiresAt: optNum(row.lease_expires_at),
    receipt: row.receipt ?? undefined,
    lastError: row.last_error ?? undefined,
  };
}

function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    requestId: row.request_id,
    batch: Number(row.batch),
    idempotencyKey: row.idempotency_key,
    generation: Number(row.generation),
    attempt: Number(row.attempt),
    workerId: row.worker_id,
    startedAt: num(row.started_at),
    finishedAt: optNum(row.finished_at),
    outcome: row.outcome,
    error: row.error ?? undefined,
    platformRef: row.platform_ref ?? undefined,
  };
}

/** jsonb parameters go in as JSON text; both drivers cast `$n::jsonb`. */
const json = (value: unknown) => JSON.stringify(value);

const PAGE = 500;

/**
 * The SQL implementation of {@link RequestStore}, over any {@link SqlDriver}: the embedded PGlite store
 * and the PostgreSQL store are this, with a different driver. Claims use `FOR UPDATE SKIP LOCKED`, so
 * workers sharing a database never take the same job, and a lease that expired (a dead worker) is
 * claimable again. Completing a request's last job and appending its events happen in one transaction,
 * under a lock on the request row, so two workers finishing sibling batches append the events once.
 */
export function createSqlStore(
  driver: SqlDriver,
  info: { kind: string; location: string; onClose?: () => Promise<void> },
): RequestStore {
  let closed = false;
  const open = () => {
    if (closed) throw new StoreError("store_closed", `the ${info.kind} store at ${info.location} is closed`);
  };

  async function loadRequests(
    db: SqlExecutor,
    ids: readonly string[],
  ): Promise<Map<string, ReferralRequest>> {
    const out = new Map<string, ReferralRequest>();
    if (ids.length === 0) return out;
    const rows = await db.query<{ id: string; content: RequestContent }>(
      "select id, content from rk_requests where id = any($1::text[])",
      [ids],
    );
    const events = await db.query<{ request_id: string; event: RequestEvent }>(
      "select request_id, event from rk_events where request_id = any($1::text[]) order by request_id, n",
      [ids],
    );
    const byId = new Map<string, RequestEvent[]>();
    for (const row of events) {
      const list = byId.get(row.request_id) ?? [];
      list.push(row.event);
      byId.set(row.request_id, list);
    }
    for (const row of rows) out.set(row.id, { ...row.content, events: byId.get(row.id) ?? [] });
    return out;
  }

  async function insertEvents(db: SqlExecutor, request: ReferralRequest, events: readonly RequestEvent[]) {
    if (events.length === 0) return;
    const start = request.events.length;
    await db.query(
      `insert into rk_events (request_id, n, event)
       select $1, $2 + ordinality - 1, value from jsonb_array_elements($3::jsonb) with ordinality`,
      [request.id, start, json(events)],
    );
    await db.query("update rk_requests set status = $2, event_count = $3 where id = $1", [
      request.id,
      events[events.length - 1]!.type,
      start + events.length,
    ]);
  }

  const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    open();
    return work();
  };

  return {
    kind: info.kind,

    saveRequests: (entries: readonly EnqueueEntry[], now: number) =>
      wrap(async (): Promise<SaveResult> => {
        const checked = entries.map((entry) => ({ request: checkEntry(entry), batches: entry.batches }));
        return driver.transaction(async (tx) => {
          const ids = checked.map(({ request }) => request.id);
          const stored = await tx.query<{ id: string; content: RequestContent }>(
            "select id, content from rk_requests where id = any($1::text[]) for update",
            [ids],
          );
          const existingJson = new Map(stored.map((row) => [row.id, canonicalJson(row.content)]));
          const inserted: string[] = [];
          const existing: string[] = [];
          const seen = new Map<string, string>();
          for (const { request } of checked) {
            const contentJson = canonicalJson(contentOf(request));
            const before = existingJson.get(request.id) ?? seen.get(request.id);
            if (before !== undefined && before !== contentJson) throw conflict(request.id);
            seen.set(request.id, contentJson);
          }
          for (const { request, batches } of checked) {
            if (existingJson.has(request.id) || inserted.includes(request.id)) {
              existing.push(request.id);
              continue;
            }
            const content = contentOf(request);
            const last = request.events[request.events.length - 1]!;
            const [row] = await tx.query<{ seq: string | number }>(
              `insert into rk_requests (id, platform, content, status, event_count)
               values ($1, $2, $3::jsonb, $4, 0) returning seq`,
              [request.id, request.platform, json(content), last.type],
            );
            await insertEvents(tx, { ...request, events: [] }, request.events);
            await tx.query(
              `insert into rk_jobs (request_id, batch, platform, seq, emergency, target_keys, state, generation,
                                    idempotency_key, not_before)
               select $1, ordinality - 1, $2, $3, $4, value, 'queued', 0,
                      'rk:' || $1 || ':b' || (ordinality - 1), $5
               from jsonb_array_elements($6::jsonb) with ordinality`,
              [request.id, request.platform, row!.seq, request.priority === "emergency", now, json(batches)],
            );
            inserted.push(request.id);
          }
          return { inserted, existing };
        });
      }),

    getRequest: (id: string) => wrap(async () => (await loadRequests(driver, [id])).get(id)),

    async *listRequests(filter: RequestFilter = {}) {
      open();
      let after = 0;
      for (;;) {
        const rows = await driver.query<{ id: string; seq: string | number }>(
          `select id, seq from rk_requests
           where seq > $1
             and ($2::text is null or platform = $2)
             and ($3::text[] is null or status = any($3::text[]))
             and ($4::text[] is null or id = any($4::text[]))
           order by seq limit ${PAGE}`,
          [after, filter.platform ?? null, filter.status ?? null, filter.ids ?? null],
        );
        if (rows.length === 0) return;
        const loaded = await loadRequests(
          driver,
          rows.map((row) => row.id),
        );
        for (const row of rows) {
          const request = loaded.get(row.id);
          if (request) yield request;
        }
        after = num(rows[rows.length - 1]!.seq);
        if (rows.length < PAGE) return;
      }
    },

    appendEvents: (requestId, events, options = {}) =>
      wrap(() =>
        driver.transaction(async (tx) => {
          await tx.query("select id from rk_requests where id = $1 for update", [requestId]);
          const request = (await loadRequests(tx, [requestId])).get(requestId);
          if (!request) {
            throw new StoreError("request_not_found", `no request ${requestId} is stored`, { requestId });
          }
          const parsed = checkAppend(request, events, options.expectedCount);
          await insertEvents(tx, request, parsed);
          return { ...request, events: [...request.events, ...parsed] };
        }),
      ),

    claim: ({ platform, limit, workerId, leaseMs, now }) =>
      wrap(async () => {
        if (limit <= 0) return [];
        return driver.transaction(async (tx) => {
          const rows = await tx.query<JobRow>(
            `with picked as (
               select request_id, batch from rk_jobs
               where platform = $1 and state = 'queued' and not_before <= $2
                 and (lease_expires_at is null or lease_expires_at <= $2)
               order by emergency desc, seq, batch
               limit $3
               for update skip locked
             )
             update rk_jobs j
             set lease_owner = $4, lease_expires_at = $2::bigint + $5::bigint, attempts = j.attempts + 1
             from picked p
             where j.request_id = p.request_id and j.batch = p.batch
             returning ${JOB_COLUMNS.split(", ")
               .map((column) => `j.${column}`)
               .join(", ")}, j.emergency, j.seq`,
            [platform, now, limit, workerId, leaseMs],
          );
          if (rows.length === 0) return [];
          const ordered = [...(rows as (JobRow & { emergency: boolean; seq: string | number })[])].sort(
            (a, b) =>
              Number(b.emergency) - Number(a.emergency) || num(a.seq) - num(b.seq) || a.batch - b.batch,
          );
          // The outbox: every attempt is on record, with its key, before the caller makes any HTTP call.
          await tx.query(
            `insert into rk_attempts (request_id, batch, idempotency_key, generation, attempt, worker_id, started_at, outcome)
             select x.request_id, x.batch, x.idempotency_key, x.generation, x.attempt, $2, $3, 'pending'
             from jsonb_to_recordset($1::jsonb)
               as x(request_id text, batch integer, idempotency_key text, generation integer, attempt integer)`,
            [
              json(
                ordered.map((row) => ({
                  request_id: row.request_id,
                  batch: row.batch,
                  idempotency_key: row.idempotency_key,
                  generation: row.generation,
                  attempt: row.attempts,
                })),
              ),
              workerId,
              now,
            ],
          );
          const requests = await loadRequests(tx, [...new Set(ordered.map((row) => row.request_id))]);
          return ordered.map(
            (row): ClaimedJob => ({
              ...toJob(row),
              request: requests.get(row.request_id)!,
              attempt: Number(row.attempts),
            }),
          );
        });
      }),

    renew: ({ jobs, workerId, leaseMs, now }) =>
      wrap(async () => {
        if (jobs.length === 0) return [];
        const rows = await driver.query<{ request_id: string; batch: number }>(
          `update rk_jobs j set lease_expires_at = $3::bigint + $4::bigint
           from jsonb_to_recordset($1::jsonb) as x(request_id text, batch integer)
           where j.request_id = x.request_id and j.batch = x.batch and j.state = 'queued'
             and j.lease_owner = $2 and j.lease_expires_at > $3
           returning j.request_id, j.batch`,
          [
            json(jobs.map((job) => ({ request_id: job.requestId, batch: job.batch }))),
            workerId,
            now,
            leaseMs,
          ],
        );
        const held = new Set(rows.map((row) => `${row.request_id}\u0000${row.batch}`));
        return jobs
          .filter((job) => held.has(`${job.requestId}\u0000${job.batch}`))
          .map((job): JobRef => ({ requestId: job.requestId, batch: job.batch }));
      }),

    settle: (outcomes: readonly AttemptOutcome[], whenRequestSubmitted: WhenRequestSubmitted, now: number) =>
      wrap(async () => {
        if (outcomes.length === 0) return [];
        return driver.transaction(async (tx) => {
          const ids = [...new Set(outcomes.map((outcome) => outcome.requestId))].sort();
          // Lock the requests first, in a fixed order: serialises workers finishing sibling batches.
          await tx.query("select id from rk_requests where id = any($1::text[]) order by id for update", [
            ids,
          ]);
          const completed = new Set<string>();
          for (const outcome of outcomes) {
            const attemptOutcome = outcome.kind;
            const error = outcome.kind === "failed" ? json(outcome.error) : null;
            const platformRef = outcome.kind === "submitted" ? outcome.receipt.platformRef : null;
            await tx.query(
              `update rk_attempts set outcome = $5, finished_at = $6, error = $7::jsonb, platform_ref = $8
               where id = (select id from rk_attempts
                           where request_id = $1 and batch = $2 and idempotency_key = $3 and worker_id = $4
                             and outcome = 'pending'
                           order by id desc limit 1)`,
              [
                outcome.requestId,
                outcome.batch,
                outcome.idempotencyKey,
                outcome.workerId,
                attemptOutcome,
                now,
                error,
                platformRef,
              ],
            );
            if (outcome.kind === "submitted") {
              const rows = await tx.query(
                `update rk_jobs set state = 'submitted', receipt = $3::jsonb, platform_ref = $4,
                   lease_owner = null, lease_expires_at = null, last_error = null
                 where request_id = $1 and batch = $2 and state <> 'submitted'
                 returning request_id`,
                [outcome.requestId, outcome.batch, json(outcome.receipt), platformRef],
              );
              if (rows.length > 0) completed.add(outcome.requestId);
            } else if (outcome.kind === "released") {
              await tx.query(
                `update rk_jobs set lease_owner = null, lease_expires_at = null, attempts = greatest(0, attempts - 1)
                 where request_id = $1 and batch = $2 and state = 'queued' and lease_owner = $3`,
                [outcome.requestId, outcome.batch, outcome.workerId],
              );
            } else {
              // Only the lease holder decides a queued job's fate; a stale worker's failure changes nothing.
              await tx.query(
                `update rk_jobs set lease_owner = null, lease_expires_at = null, last_error = $4::jsonb,
                   state = case when $5::bigint is null then 'failed' else state end,
                   not_before = coalesce($5::bigint, not_before),
                   attempts = case when $6 then attempts else greatest(0, attempts - 1) end
                 where request_id = $1 and batch = $2 and state = 'queued' and lease_owner = $3`,
                [
                  outcome.requestId,
                  outcome.batch,
                  outcome.workerId,
                  error,
                  outcome.retryAt ?? null,
                  outcome.countsAsAttempt !== false,
                ],
              );
            }
          }
          const appendedBy = new Map<string, RequestEvent[]>();
          if (completed.size > 0) {
            const requests = await loadRequests(tx, [...completed]);
            for (const requestId of completed) {
              const jobRows = await tx.query<JobRow>(
                `select ${JOB_COLUMNS} from rk_jobs where request_id = $1 order by batch`,
                [requestId],
              );
              const jobs = jobRows.map(toJob);
              const request = requests.get(requestId)!;
              const alreadySubmitted = request.events.some((event) => event.type === "submitted");
              if (alreadySubmitted || !jobs.every((job) => job.state === "submitted")) continue;
              const events = checkAppend(request, whenRequestSubmitted(request, jobs), undefined);
              await insertEvents(tx, request, events);
              appendedBy.set(requestId, events);
            }
          }
          return ids.map(
            (requestId): SettleResult => ({ requestId, appended: appendedBy.get(requestId) ?? [] }),
          );
        });
      }),

    requeueFailed: ({ requestIds, platform, now }) =>
      wrap(async () => {
        const rows = await driver.query(
          `update rk_jobs set state = 'queued', generation = generation + 1,
             idempotency_key = 'rk:' || request_id || ':b' || batch || ':g' || (generation + 1),
             attempts = 0, not_before = $3, last_error = null, lease_owner = null, lease_expires_at = null
           where state = 'failed'
             and ($1::text[] is null or request_id = any($1::text[]))
             and ($2::text is null or platform = $2)
           returning request_id`,
          [requestIds ?? null, platform ?? null, now],
        );
        return rows.length;
      }),

    listJobs: (filter = {}) =>
      wrap(async () => {
        const rows = await driver.query<JobRow>(
          `select ${JOB_COLUMNS} from rk_jobs
           where ($1::text is null or request_id = $1)
             and ($2::text is null or platform = $2)
             and ($3::text is null or state = $3)
           order by seq, batch`,
          [filter.requestId ?? null, filter.platform ?? null, filter.state ?? null],
        );
        return rows.map(toJob);
      }),

    findJobByPlatformRef: (platform, platformRef) =>
      wrap(async () => {
        const rows = await driver.query<JobRow>(
          `select ${JOB_COLUMNS} from rk_jobs where platform = $1 and platform_ref = $2 limit 1`,
          [platform, platformRef],
        );
        return rows[0] ? toJob(rows[0]) : undefined;
      }),

    listAttempts: (requestId) =>
      wrap(async () => {
        const rows = await driver.query<AttemptRow>(
          `select request_id, batch, idempotency_key, generation, attempt, worker_id, started_at, finished_at,
                  outcome, error, platform_ref
           from rk_attempts where request_id = $1 order by id`,
          [requestId],
        );
        return rows.map(toAttempt);
      }),

    counts: (platform, now) =>
      wrap(async (): Promise<QueueCounts> => {
        const [row] = await driver.query<{
          queued: string | number;
          leased: string | number;
          submitted: string | number;
          failed: string | number;
          next: string | number | null;
        }>(
          `select
             count(*) filter (where state = 'queued') as queued,
             count(*) filter (where state = 'queued' and lease_owner is not null and lease_expires_at > $2) as leased,
             count(*) filter (where state = 'submitted') as submitted,
             count(*) filter (where state = 'failed') as failed,
             min(case when lease_owner is not null and lease_expires_at > $2
                      then greatest(not_before, lease_expires_at) else not_before end)
               filter (where state = 'queued') as next
           from rk_jobs where ($1::text is null or platform = $1)`,
          [platform ?? null, now],
        );
        return {
          queued: Number(row!.queued),
          leased: Number(row!.leased),
          submitted: Number(row!.submitted),
          failed: Number(row!.failed),
          nextClaimableAt: optNum(row!.next),
        };
      }),

    platforms: () =>
      wrap(async () => {
        const rows = await driver.query<{ platform: string }>(
          "select distinct platform from rk_jobs order by platform",
        );
        return rows.map((row) => row.platform);
      }),

    async close() {
      if (closed) return;
      closed = true;
      await info.onClose?.();
    },
  };
}
