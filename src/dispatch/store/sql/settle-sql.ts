import type { AttemptOutcome } from "../port.js";
import { JOB_COLUMNS, jobKey } from "./rows.js";

/*
 * The statements a settle runs. Each takes its rows as one jsonb recordset parameter, so a settle costs a
 * few statements whatever the number of outcomes.
 */

/**
 * Splits outcomes into rounds in which no job appears twice, keeping each job's outcomes in order (almost
 * always one round).
 */
export function rounds(outcomes: readonly AttemptOutcome[]): AttemptOutcome[][] {
  const out: AttemptOutcome[][] = [];
  const seen = new Map<string, number>();
  for (const outcome of outcomes) {
    const key = jobKey(outcome.requestId, outcome.batch);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    if (!out[round]) out[round] = [];
    out[round]!.push(outcome);
  }
  return out;
}

/** One outcome as a row of the round statement's recordset. */
export function outcomeRow(outcome: AttemptOutcome) {
  return {
    request_id: outcome.requestId,
    batch: outcome.batch,
    idempotency_key: outcome.idempotencyKey,
    worker_id: outcome.workerId,
    kind: outcome.kind,
    error: outcome.kind === "failed" ? outcome.error : null,
    retry_at: outcome.kind === "failed" ? (outcome.retryAt ?? null) : null,
    counts: outcome.kind === "failed" ? outcome.countsAsAttempt !== false : true,
    receipt: outcome.kind === "submitted" ? outcome.receipt : null,
    platform_ref: outcome.kind === "submitted" ? outcome.receipt.platformRef : null,
  };
}

/** Row locks on the requests, in a fixed order: serialises workers finishing sibling batches. */
export const LOCK_SQL = "select id from rk_requests where id = any($1::text[]) order by id for update";

/** The outcomes of a round as rows (`x`), and the outbox update of each one's pending attempt. */
const ROUND_ATTEMPTS = `with x as (
   select * from jsonb_to_recordset($1::jsonb) as x(request_id text, batch integer,
     idempotency_key text, worker_id text, kind text, error jsonb, retry_at bigint, counts boolean,
     receipt jsonb, platform_ref text)
 ), settling as materialized (
   -- The outbox: each outcome settles the worker's latest pending attempt of that job and key.
   select x.kind, x.error, x.platform_ref,
     (select max(id) from rk_attempts p
      where p.request_id = x.request_id and p.batch = x.batch
        and p.idempotency_key = x.idempotency_key and p.worker_id = x.worker_id
        and p.outcome = 'pending') as attempt_id
   from x
 ), attempts as (
   -- The ids as an array, so the rows are fetched by primary key: joined on the subquery alone, the
   -- planner (expecting 100 outcomes from the recordset) hashed the whole attempts table every settle.
   update rk_attempts a set outcome = s.kind, finished_at = $2, error = s.error,
     platform_ref = s.platform_ref
   from settling s
   where a.id = any(array(select attempt_id from settling)) and a.id = s.attempt_id
 )`;

/** The jobs the round's `submitted` outcomes took; returns their requests. */
const ROUND_SUBMITTED = `update rk_jobs j set state = 'submitted', receipt = x.receipt, platform_ref = x.platform_ref,
   lease_owner = null, lease_expires_at = null, last_error = null
 from x
 where x.kind = 'submitted' and j.request_id = x.request_id and j.batch = x.batch
   and j.state <> 'submitted'
 returning j.request_id`;

/**
 * Records one round of outcomes: attempts, jobs; returns the request of each job now submitted. A round
 * of `submitted` outcomes only (what a run mostly settles) runs without the part for the others: that
 * part's plan may scan the queued jobs, and a plan kept from when the table was small does so at any
 * size.
 */
export function settleRoundSql(round: readonly AttemptOutcome[]): string {
  return round.every((outcome) => outcome.kind === "submitted")
    ? SETTLE_SUBMITTED_ROUND_SQL
    : SETTLE_ROUND_SQL;
}

const SETTLE_SUBMITTED_ROUND_SQL = `${ROUND_ATTEMPTS}
 ${ROUND_SUBMITTED}`;

const SETTLE_ROUND_SQL = `${ROUND_ATTEMPTS}, others as (
   -- Only the lease holder decides a queued job's fate; a stale worker's failure changes nothing.
   update rk_jobs j set lease_owner = null, lease_expires_at = null,
     last_error = case when x.kind = 'failed' then x.error else j.last_error end,
     state = case when x.kind = 'failed' and x.retry_at is null then 'failed' else j.state end,
     not_before = coalesce(x.retry_at, j.not_before),
     attempts = case when x.kind = 'released' or not x.counts then greatest(0, j.attempts - 1)
                     else j.attempts end
   from x
   where x.kind <> 'submitted' and j.request_id = x.request_id and j.batch = x.batch
     and j.state = 'queued' and j.lease_owner = x.worker_id
     -- As for the attempts: through the primary key, not a scan of every queued job.
     and j.request_id = any(array(select request_id from x where kind <> 'submitted'))
 )
 ${ROUND_SUBMITTED}`;

/** Select-list columns of request `r`: its history and its jobs, each as one jsonb array. */
const HISTORY_AND_JOBS = `(select jsonb_agg(e.event order by e.n) from rk_events e where e.request_id = r.id) as events,
   (select e.hash from rk_events e where e.request_id = r.id order by e.n desc limit 1) as head,
   (select jsonb_agg(to_jsonb(j) order by j.batch) from (
      select ${JOB_COLUMNS} from rk_jobs where request_id = r.id) j) as jobs`;

/**
 * "None of the request's jobs is unsubmitted", as a count per request: a subquery run for each request,
 * through the jobs' primary key. Written as `not exists`, the planner may turn it into an anti join
 * over every job in the table (it did, for the settle's read: a sequential scan of all jobs per settle).
 */
const NO_JOB_LEFT = (request: string, except = "") =>
  `(select count(*) from rk_jobs j where j.request_id = ${request} and j.state <> 'submitted'${except}) = 0`;

/** The requests among `$1` whose every job is submitted, with content, history and jobs. */
export const COMPLETED_SQL = `select r.id, r.content,
 ${HISTORY_AND_JOBS}
             from rk_requests r
             where r.id = any($1::text[]) and ${NO_JOB_LEFT("r.id")}
             order by r.id`;

/** Appends events (`$1`) and sets the requests' status and event count (`$2`). */
export const APPEND_SQL = `with inserted as (
   insert into rk_events (request_id, n, event, prev, hash)
   select x.request_id, x.n, x.event, x.prev, x.hash
   from jsonb_to_recordset($1::jsonb) as x(request_id text, n integer, event jsonb, prev text, hash text)
 )
 update rk_requests r set status = x.status, event_count = x.event_count
 from jsonb_to_recordset($2::jsonb) as x(id text, status text, event_count integer)
 where r.id = x.id`;

/**
 * The requests among `$1` that the jobs in `$2` (request id and batch, about to be submitted) complete:
 * every other job is already submitted. With history and jobs, and content for the ids in `$3` (the
 * store keeps the content of the requests it claimed).
 */
export const COMPLETING_SQL = `with s as materialized (
   -- Parsed once: as a correlated subquery the recordset would be parsed again for every job.
   select * from jsonb_to_recordset($2::jsonb) as s(request_id text, batch integer)
 )
 select r.id, case when r.id = any($3::text[]) then r.content end as content,
   ${HISTORY_AND_JOBS}
 from rk_requests r
 where r.id = any($1::text[])
   and ${NO_JOB_LEFT("r.id", " and (j.request_id, j.batch) not in (select request_id, batch from s)")}`;

/**
 * Appends events (`$2`) to the requests in `$1` whose history still has the `expected` length and whose
 * every job is now submitted, sets their status and count, and returns the ids it could not append to
 * (the one-trip settle then rolls back).
 */
export const GUARDED_APPEND_SQL = `with x as (
   select * from jsonb_to_recordset($1::jsonb) as x(id text, status text, event_count integer, expected integer)
 ), ok as (
   select x.id from x join rk_requests r on r.id = x.id and r.event_count = x.expected
   where ${NO_JOB_LEFT("x.id")}
 ), inserted as (
   insert into rk_events (request_id, n, event, prev, hash)
   select e.request_id, e.n, e.event, e.prev, e.hash
   from jsonb_to_recordset($2::jsonb) as e(request_id text, n integer, event jsonb, prev text, hash text)
   where e.request_id in (select id from ok)
 ), updated as (
   update rk_requests r set status = x.status, event_count = x.event_count
   from x where r.id = x.id and r.id in (select id from ok)
 )
 select x.id from x where x.id not in (select id from ok)`;

/**
 * Requests among `$1`, other than those whose events the batch appended (`$2`), left with every job
 * submitted but no `submitted` event: the one-trip settle's check.
 */
export const LEFT_INCOMPLETE_SQL = `select r.id from rk_requests r
 where r.id = any($1::text[]) and r.id <> all($2::text[])
   and ${NO_JOB_LEFT("r.id")}
   and (select count(*) from rk_events e where e.request_id = r.id and e.event->>'type' = 'submitted') = 0`;
