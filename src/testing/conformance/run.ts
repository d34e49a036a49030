import { loadOptional } from "../../adapter/load-optional.js";
import type { PlatformMock } from "../mock/types.js";
import type { TestRunner } from "../runner.js";
import { defineConformanceCases } from "./define.js";
import type { ConformanceOptions } from "./kit.js";

/** An msw server the suite installs the mock's handlers in (see `ConformanceOptions.server`). */
type HandlerHost = NonNullable<ConformanceOptions["server"]>;

/**
 * A running mock server; `close()` stops it (or removes the handlers from a server you passed).
 *
 * @example
 * ```ts
 * const running: MockServer = await serveMock(mock);
 * running.close();
 * ```
 */
export interface MockServer {
  close(): void;
}

/**
 * Serves a mock's handlers: in `server` when you pass one (your own msw server, already listening), or in
 * a new msw node server started here (msw is loaded lazily, so importing referral-kit/testing never
 * starts or patches anything).
 *
 * @example
 * ```ts
 * const running = await serveMock(mock);
 * try { ... } finally { running.close(); }
 * ```
 */
export async function serveMock(mock: PlatformMock, server?: HandlerHost): Promise<MockServer> {
  if (server) {
    server.use(...mock.handlers);
    return { close: () => server.resetHandlers() };
  }
  const node = await loadOptional<typeof import("msw/node")>("msw/node", "serving platform mocks");
  const started = node.setupServer(...mock.handlers);
  started.listen({ onUnhandledRequest: "error" });
  return { close: () => started.close() };
}

/**
 * The result of one case run by {@link runConformanceCases}.
 *
 * @example
 * ```ts
 * const failed = results.filter((r) => r.status === "failed").map((r) => `${r.name}: ${r.message}`);
 * ```
 */
export interface ConformanceResult {
  readonly name: string;
  readonly group: string;
  readonly status: "passed" | "failed" | "skipped";
  /** Why it failed, or why it was skipped. */
  readonly message: string | undefined;
  readonly error: unknown;
  readonly ms: number;
}

/**
 * Runs the conformance suite without a test runner, one case after another (they share the mock) with
 * the mock served, and reports each case: for scripts, CI checks of third-party adapters, and meta-tests
 * of the suite itself. Case names (`group: what is checked`) are stable across versions.
 *
 * @throws {RangeError} `skipCases` names no conformance case.
 *
 * @example
 * ```ts
 * const results = await runConformanceCases({ createAdapter, mock, secrets: [apiKey] });
 * console.table(results.map(({ name, status }) => ({ name, status })));
 * process.exitCode = results.some((r) => r.status === "failed") ? 1 : 0;
 * ```
 */
export async function runConformanceCases(
  options: ConformanceOptions & {
    /** Runs only the cases whose name it accepts (the others are left out of the results). */
    only?: (name: string) => boolean;
  },
): Promise<ConformanceResult[]> {
  const cases = defineConformanceCases(options);
  const running = await serveMock(options.mock, options.server);
  const results: ConformanceResult[] = [];
  try {
    for (const c of cases) {
      if (options.only && !options.only(c.name)) continue;
      if (c.skip !== undefined) {
        results.push({
          name: c.name,
          group: c.group,
          status: "skipped",
          message: c.skip,
          error: undefined,
          ms: 0,
        });
        continue;
      }
      const started = Date.now();
      try {
        await c.run();
        results.push({
          name: c.name,
          group: c.group,
          status: "passed",
          message: undefined,
          error: undefined,
          ms: Date.now() - started,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.push({
          name: c.name,
          group: c.group,
          status: "failed",
          message,
          error,
          ms: Date.now() - started,
        });
      }
    }
  } finally {
    running.close();
  }
  return results;
}

/**
 * Registers the conformance suite with a test runner: one `describe` for the platform, one test per
 * case, the mock served for the duration. Skipped cases are registered with `it.skip` where the runner
 * has it (else as empty tests), named `(skipped: reason)`.
 *
 * @example
 * ```ts
 * import { createXAdapter } from "referral-kit/adapters/x";
 * import { createPlatformMock, MOCK_CREDENTIALS, runAdapterConformance } from "referral-kit/testing";
 * import { vitestRunner } from "referral-kit/testing/vitest";
 *
 * runAdapterConformance({
 *   createAdapter: ({ baseUrl, timeoutMs }) => createXAdapter({ baseUrl, timeoutMs, ...MOCK_CREDENTIALS.x, retry: { baseDelayMs: 20 } }),
 *   mock: createPlatformMock("x"),
 *   secrets: Object.values(MOCK_CREDENTIALS.x),
 *   runner: vitestRunner,
 * });
 * ```
 */
export function runAdapterConformance(
  options: ConformanceOptions & {
    /** The test runner's functions: `vitestRunner` from `referral-kit/testing/vitest`, or your runner's. */
    readonly runner: TestRunner;
    /** The name of the `describe` block (default `<platform> adapter conformance`). */
    readonly name?: string;
  },
): void {
  const { runner, mock } = options;
  const cases = defineConformanceCases(options);
  runner.describe(options.name ?? `${mock.platform} adapter conformance`, () => {
    let running: MockServer | undefined;
    runner.beforeAll(async () => {
      running = await serveMock(mock, options.server);
    });
    runner.afterAll(() => running?.close());
    for (const c of cases) {
      if (c.skip !== undefined) {
        const skipped = runner.it.skip ?? runner.it;
        skipped(`${c.name} (skipped: ${c.skip})`, async () => undefined);
        continue;
      }
      runner.it(c.name, () => c.run(), c.timeoutMs);
    }
  });
}
