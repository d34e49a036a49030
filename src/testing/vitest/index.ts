/**
 * referral-kit/testing/vitest: the conformance suite's runner for vitest. The only module of
 * referral-kit that imports vitest.
 *
 * @packageDocumentation
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from "vitest";
import type { TestRunner } from "../runner.js";

/**
 * vitest's `describe`, `it` and hooks, as the conformance suite and the store suite take them.
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
export const vitestRunner: TestRunner = { describe, it, beforeAll, afterAll, beforeEach, afterEach };
