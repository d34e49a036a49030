/**
 * Retry behaviour and typed errors: Retry-After honoured (and a wait too long to honour not hammered),
 * nothing non-retryable retried, every failure typed on every operation the adapter declares.
 */
import type { AdapterErrorCode } from "../../../adapter/errors.js";
import type { FaultInjection, MockOperation } from "../../mock/faults.js";
import { check, describeError, expectAdapterError, expectNoSecrets, settle } from "../assert.js";
import { type CaseKit, declaredOperations, prepare } from "../kit.js";
import type { CaseSpec } from "./spec.js";

/**
 * Calls `operation` with a fault injected into it; returns how the call ended and the attempts that
 * reached the platform.
 */
async function callUnderFault(
  kit: CaseKit,
  operation: MockOperation,
  fault: Omit<FaultInjection, "operation">,
) {
  const call = await prepare(kit, operation);
  kit.mock.inject({ ...fault, operation } as FaultInjection);
  const before = kit.mock.records.length;
  const settled = await settle<unknown>(call(), kit.settleMs);
  kit.mock.clearInjections();
  const attempts = kit.mock.records.slice(before).filter((r) => r.operation === operation);
  return { settled, attempts };
}

async function retryAfterCase(kit: CaseKit, format: "seconds" | "http-date", seconds: number) {
  const input = kit.input(1);
  kit.mock.inject({ kind: "rate-limit", operation: "submit", retryAfterSeconds: seconds, format });
  const settled = await settle(kit.adapter.submit(input, { idempotencyKey: kit.key() }), kit.settleMs);
  const attempts = kit.mock.records.filter((r) => r.operation === "submit");
  // An HTTP-date has whole seconds and the wait is measured from its arrival: allow for both.
  const minimum = format === "seconds" ? seconds * 1000 - 50 : (seconds - 1) * 1000 + 900;
  if (attempts.length >= 2) {
    const waited = (attempts[1]?.receivedAt ?? 0) - (attempts[0]?.receivedAt ?? 0);
    check(
      waited >= minimum,
      `after a 429 with Retry-After ${seconds} s (${format}) the adapter tried again after ${waited} ms`,
    );
    check(
      settled.state === "resolved",
      `the retried submit ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
    );
    return;
  }
  const error = expectAdapterError(
    settled,
    "rate_limited",
    `a 429 with Retry-After ${seconds} s that was not retried`,
  );
  check(
    error.retryAfterMs !== undefined && Math.abs(error.retryAfterMs - seconds * 1000) <= 1_100,
    `RateLimitedError.retryAfterMs is ${error.retryAfterMs}; the platform asked for ${seconds * 1000} ms`,
  );
}

/** The same typed failure on every operation the adapter declares: submit, and status and withdraw when declared. */
function typedFailure(
  name: string,
  fault: Omit<FaultInjection, "operation">,
  code: AdapterErrorCode,
  retryable: boolean,
  options: { maxAttempts?: number } = {},
): CaseSpec {
  return {
    name,
    async run(kit) {
      for (const operation of declaredOperations(kit.adapter.capabilities)) {
        const { settled, attempts } = await callUnderFault(kit, operation, fault);
        const error = expectAdapterError(settled, code, `${operation} under a ${fault.kind} fault`);
        check(
          error.retryable === retryable,
          `${operation}: ${error.name} has retryable ${error.retryable}, expected ${retryable}`,
        );
        if (options.maxAttempts !== undefined) {
          check(
            attempts.length <= options.maxAttempts,
            `${operation}: a ${code} failure was sent ${attempts.length} times; it must not be retried`,
          );
        }
        expectNoSecrets(error, kit.secrets, `the ${operation} ${code} error`);
      }
    },
  };
}

export const retryErrorCases: readonly CaseSpec[] = [
  {
    name: "retry: Retry-After in seconds is respected",
    run: (kit) => retryAfterCase(kit, "seconds", 1),
  },
  {
    name: "retry: Retry-After as an HTTP-date is respected",
    run: (kit) => retryAfterCase(kit, "http-date", 2),
  },
  {
    name: "retry: a Retry-After too long to wait is surfaced as RateLimitedError with retryAfterMs",
    async run(kit) {
      kit.mock.inject({
        kind: "rate-limit",
        operation: "submit",
        retryAfterSeconds: 3_600,
        times: Number.POSITIVE_INFINITY,
      });
      const settled = await settle(kit.adapter.submit(kit.input(1), { idempotencyKey: kit.key() }), 10_000);
      const attempts = kit.mock.records.filter((r) => r.operation === "submit").length;
      const error = expectAdapterError(settled, "rate_limited", "a 429 asking for an hour");
      check(
        attempts === 1,
        `a 429 asking for an hour was answered with ${attempts} attempts; the platform asked not to be called again for an hour`,
      );
      check(error.retryable, "RateLimitedError must be retryable");
      check(
        error.retryAfterMs !== undefined && Math.abs(error.retryAfterMs - 3_600_000) <= 5_000,
        `retryAfterMs is ${error.retryAfterMs}, the platform asked for 3600000`,
      );
    },
  },
  typedFailure(
    "errors: 403 is PermissionDeniedError, not retryable and not retried",
    { kind: "forbidden", times: Number.POSITIVE_INFINITY },
    "permission_denied",
    false,
    { maxAttempts: 1 },
  ),
  // One retry is allowed: an OAuth strategy may refresh its token once on 401.
  typedFailure(
    "errors: an expired token is AuthenticationError, not retryable",
    { kind: "expired-token", times: Number.POSITIVE_INFINITY },
    "authentication_failed",
    false,
    { maxAttempts: 2 },
  ),
  typedFailure(
    "errors: a persistent 500 is PlatformServerError, retryable",
    { kind: "server-error", times: Number.POSITIVE_INFINITY },
    "platform_error",
    true,
  ),
  typedFailure(
    "errors: a platform that never answers is TimeoutError, retryable",
    { kind: "timeout", times: Number.POSITIVE_INFINITY },
    "timeout",
    true,
  ),
  typedFailure(
    "errors: connection resets are NetworkError, retryable",
    { kind: "reset", times: Number.POSITIVE_INFINITY },
    "network_error",
    true,
  ),
  typedFailure(
    "errors: malformed JSON is ProtocolError, not a raw SyntaxError",
    { kind: "malformed-json", times: Number.POSITIVE_INFINITY },
    "protocol_error",
    false,
  ),
  typedFailure(
    "errors: a well-formed answer of the wrong shape is ProtocolError",
    { kind: "wrong-shape", times: Number.POSITIVE_INFINITY },
    "protocol_error",
    false,
  ),
  typedFailure(
    "errors: a wrong content type is ProtocolError",
    { kind: "wrong-content-type", times: Number.POSITIVE_INFINITY },
    "protocol_error",
    false,
  ),
];
