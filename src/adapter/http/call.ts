/**
 * One call through ky: ky runs the attempts (its retry loop with `shouldRetry`, its per-attempt
 * `timeout`, the wait between attempts on the call's signal, its `beforeRetry` hook), the client's
 * retry policy decides whether and how long to wait, and whatever ends the call becomes one
 * `AdapterError` (or the caller's abort reason). One job: the retry loop and its outcome.
 */
import type { KyInstance, Options as KyOptions } from "ky";
import { TimeoutError as KyTimeoutError } from "ky";
import type { z } from "zod";
import { AdapterError, NetworkError, TimeoutError } from "../errors.js";
import { attemptFailures, attemptResults, CallAttempts, type CallState } from "./attempt.js";
import { type CallBudget, DeadlineExceeded, startBudget } from "./budget.js";
import type { PreparedCall } from "./build.js";
import type { HttpResult } from "./client.js";
import { type AttemptFailure, decideRetry, type RetryDecision } from "./retry.js";
import type { ClientSettings } from "./settings.js";

/** ky's own limit for a timer. */
const MAX_KY_TIMEOUT_MS = 2_147_483_647;
/** Every method may be retried as far as ky is concerned: whether a call is safe to repeat is the policy's. */
const RETRY_METHODS: NonNullable<Exclude<KyOptions["retry"], number>>["methods"] = [
  "get",
  "post",
  "put",
  "patch",
  "delete",
];

/** What the retry policy decided last, for the call's outcome. */
interface RetryState extends CallState {
  /** The wait before the next attempt, as the policy decided it. */
  delayMs: number;
  /** Why the policy stopped, when it did. */
  stopped: Extract<RetryDecision, { retry: false }>["reason"] | undefined;
  /** The last attempt's failure, as an adapter error. */
  lastError: AdapterError | undefined;
}

/**
 * Runs one prepared call to its end.
 *
 * @example
 * ```ts
 * const result = await runCall(settings, api, builder.prepare("GET", "/reports/1", {}), ReportSchema, signal);
 * ```
 */
export async function runCall<S extends z.ZodType>(
  settings: ClientSettings,
  api: KyInstance,
  call: PreparedCall,
  schema: S,
  callerSignal: AbortSignal | undefined,
): Promise<HttpResult<z.output<S>>> {
  const budget = startBudget(call.deadlineMs, callerSignal, settings.now);
  const state: RetryState = {
    attempts: 0,
    refreshedAuth: false,
    delayMs: 0,
    stopped: undefined,
    lastError: undefined,
  };
  const { sleep } = settings;
  const attempts = new CallAttempts(settings, call, schema, state, budget);
  try {
    const response = await api(call.url, {
      method: call.method,
      headers: call.headers,
      signal: budget.signal,
      redirect: "manual",
      timeout: Math.min(Math.max(0, call.timeoutMs), MAX_KY_TIMEOUT_MS),
      fetch: (input, init) => attempts.run(input, init),
      retry: {
        limit: Math.max(0, settings.policy.maxRetries),
        methods: RETRY_METHODS,
        shouldRetry: ({ error, retryCount }) => shouldRetry(settings, call, state, budget, error, retryCount),
        // The wait is the policy's (see `shouldRetry`): ky's own `jitter`, `backoffLimit`,
        // `afterStatusCodes` and `maxRetryAfter` would apply to every wait once `shouldRetry` says
        // true, so they are left at their neutral defaults. An injected `sleep` waits instead of ky.
        delay: () => (sleep ? 0 : state.delayMs),
      },
      ...(sleep ? { hooks: { beforeRetry: [() => sleep(state.delayMs, budget.signal)] } } : {}),
    });
    return attemptResults.get(response) as HttpResult<z.output<S>>;
  } catch (thrown) {
    throw callError(settings, call, state, budget, callerSignal, thrown);
  } finally {
    budget.dispose();
  }
}

/**
 * ky's `shouldRetry`: the client's retry policy (`decideRetry`) on what the attempt recorded. It retries
 * only what may pass (408, 425, 429, 5xx, an error in a 2xx body the adapter maps to those, network
 * errors, attempt timeouts), only calls safe to repeat (an idempotent method or an idempotency key), and
 * waits what the platform asked for (`Retry-After`, a rate-limit reset on a 429, a wait in the body)
 * when it is within `retry.maxRetryAfterMs` and the deadline, else the backoff with full jitter. ky's
 * own reading of `Retry-After` cannot stand in for it: it reads only response headers of a status it
 * threw for (not the waits Telegram and Graph give in their bodies), the reset headers on every status,
 * with the wall clock; and in ky 1.14.3 a wait above `maxRetryAfter` is waited for at that length,
 * where the contract is to stop and hand the wait to the caller (test/adapter/ky-behaviour.test.ts).
 */
function shouldRetry(
  settings: ClientSettings,
  call: PreparedCall,
  state: RetryState,
  budget: CallBudget,
  error: Error,
  retryCount: number,
): boolean {
  if (budget.signal.aborted) return false;
  const seen = failureOf(settings, call, error);
  if (!seen) return false;
  state.lastError = seen.error;
  const decision = decideRetry(seen.failure, settings.policy, {
    retriesSoFar: retryCount - 1,
    retrySafe: call.retrySafe,
    remainingMs: budget.remainingMs(),
    now: settings.now(),
    random: settings.random,
  });
  if (!decision.retry) {
    state.stopped = decision.reason;
    return false;
  }
  state.delayMs = decision.delayMs;
  settings.events.retry({
    method: call.method,
    url: call.url,
    attempt: state.attempts,
    delayMs: decision.delayMs,
    error: seen.error,
  });
  return true;
}

/** The failure an attempt recorded, or ky's attempt timeout as one; `undefined` for what is never retried. */
function failureOf(
  settings: ClientSettings,
  call: PreparedCall,
  error: unknown,
): { error: AdapterError; failure: AttemptFailure } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const failure = attemptFailures.get(error);
  if (failure && AdapterError.isInstance(error)) return { error, failure };
  if (error instanceof KyTimeoutError)
    return { error: attemptTimeout(settings, call), failure: { kind: "timeout" } };
  return undefined;
}

function attemptTimeout(settings: ClientSettings, call: PreparedCall): TimeoutError {
  return new TimeoutError({
    platform: settings.platform,
    method: call.method,
    url: call.url,
    secrets: settings.secrets(),
    kind: "attempt",
    timeoutMs: call.timeoutMs,
  });
}

/** What the call rejects with: the caller's reason, a deadline, or the last attempt's adapter error. */
function callError(
  settings: ClientSettings,
  call: PreparedCall,
  state: RetryState,
  budget: CallBudget,
  callerSignal: AbortSignal | undefined,
  thrown: unknown,
): unknown {
  if (callerSignal?.aborted) return callerSignal.reason;
  const describe = {
    platform: settings.platform,
    method: call.method,
    url: call.url,
    secrets: settings.secrets(),
  };
  const last = AdapterError.isInstance(thrown) ? thrown : state.lastError;
  // Past the deadline, the deadline is the story (the last failure is its cause); before it, a wait
  // that would not fit ends the call with the failure itself, which says when to come back.
  if (
    thrown instanceof DeadlineExceeded ||
    (budget.signal.aborted && budget.deadlinePassed()) ||
    (state.stopped === "deadline" && budget.remainingMs() <= 0)
  ) {
    if (TimeoutError.isInstance(thrown) && thrown.kind === "deadline") return thrown;
    return new TimeoutError({
      ...describe,
      kind: "deadline",
      timeoutMs: call.deadlineMs,
      ...(last ? { cause: last } : {}),
    });
  }
  if (AdapterError.isInstance(thrown)) return thrown;
  if (thrown instanceof KyTimeoutError) return attemptTimeout(settings, call);
  return new NetworkError({ ...describe, cause: thrown });
}
