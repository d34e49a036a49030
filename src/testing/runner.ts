/** The test runner the suites register with: one shape for the conformance suite and the store suite. */

/**
 * The parts of a test runner the suites need (`runAdapterConformance`, `runStoreSuite`). Vitest's fit as
 * they are: pass `vitestRunner` from `referral-kit/testing/vitest`, or `{ describe, it, beforeAll,
 * afterAll, beforeEach, afterEach }` from Jest; for `node:test`, rename `before` and `after`.
 *
 * @example
 * ```ts
 * import { after, afterEach, before, beforeEach, describe, it } from "node:test";
 * const runner: TestRunner = { describe, it, beforeAll: before, afterAll: after, beforeEach, afterEach };
 * ```
 */
export interface TestRunner {
  describe(name: string, body: () => void): void;
  it: ((name: string, body: () => Promise<void>, timeoutMs?: number) => void) & {
    /** Used for skipped cases when the runner has it (vitest, jest, node:test). */
    skip?: (name: string, body: () => Promise<void>) => void;
  };
  beforeAll(body: () => Promise<void>): void;
  afterAll(body: () => void | Promise<void>): void;
  beforeEach(body: () => Promise<void>): void;
  afterEach(body: () => Promise<void>): void;
}
