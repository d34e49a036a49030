/**
 * referral-kit/testing/vitest: the conformance suite's runner for vitest. The only module of
 * referral-kit that imports vitest.
 *
 * @packageDocumentation
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ConformanceRunner } from "../conformance/run.js";

/**
 * vitest's `describe`, `it`, `beforeAll` and `afterAll`, as the conformance suite takes them.
 *
 * @example
 * ```ts
 * // test/my-adapter.test.ts
 * import { runAdapterConformance } from "referral-kit/testing";
 * import { vitestRunner } from "referral-kit/testing/vitest";
 *
 * runAdapterConformance({ createAdapter: ({ baseUrl, timeoutMs }) => createMyAdapter({ baseUrl, timeoutMs, token }), mock: createMyMock(), secrets: [token], runner: vitestRunner });
 * ```
 */
export const vitestRunner: ConformanceRunner = { describe, it, beforeAll, afterAll };
