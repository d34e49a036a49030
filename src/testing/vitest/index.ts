/**
 * referral-kit/testing/vitest: the conformance suite wired to vitest, for adapter authors who use it.
 * The only module of referral-kit that imports vitest.
 *
 * @packageDocumentation
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ConformanceOptions } from "../conformance/kit.js";
import { type HandlerHost, runAdapterConformance as runWith } from "../conformance/run.js";

/**
 * Registers the conformance suite as vitest tests (one per case), serving the mock for their duration.
 *
 * @example
 * ```ts
 * // test/my-adapter.test.ts
 * import { runAdapterConformance } from "referral-kit/testing/vitest";
 *
 * runAdapterConformance({ createAdapter: ({ baseUrl, timeoutMs }) => createMyAdapter({ baseUrl, timeoutMs, token }), mock: createMyMock(), secrets: [token] });
 * ```
 */
export function runAdapterConformance(
  options: ConformanceOptions & { server?: HandlerHost; name?: string },
): void {
  runWith({ ...options, runner: { describe, it, beforeAll, afterAll } });
}
