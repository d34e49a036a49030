/**
 * What every conformance case shares: the options, a fresh adapter per case, new targets and keys on
 * demand, and the mock. Each case starts from a reset mock, so cases never depend on each other.
 */

import { redactText } from "../../adapter/http/redact.js";
import type {
  AdapterCapabilities,
  ReportingAdapter,
  SubmitInput,
  SubmitReceipt,
  TargetType,
} from "../../adapter/v1/spec.js";
import type { RequestContent, RequestKind } from "../../domain/schemas/request.js";
import type { Target } from "../../domain/targets/target.js";
import type { MockOperation } from "../mock/faults.js";
import type { PlatformMock } from "../mock/types.js";
import { check, describeError } from "./assert.js";
import { conformanceRequest, defaultTarget, type TargetFactory } from "./fixtures.js";

/** What the suite passes to `createAdapter`. */
export type ConformanceSettings = Parameters<ConformanceOptions["createAdapter"]>[0];

/**
 * Options of the conformance suite (`runAdapterConformance` and `runConformanceCases`).
 *
 * @example
 * ```ts
 * const options: ConformanceOptions = {
 *   createAdapter: ({ baseUrl, timeoutMs }) => createXAdapter({ baseUrl, timeoutMs, ...MOCK_CREDENTIALS.x, retry: { baseDelayMs: 20 } }),
 *   mock: createPlatformMock("x"),
 *   secrets: Object.values(MOCK_CREDENTIALS.x),
 * };
 * ```
 */
export interface ConformanceOptions {
  /**
   * Builds a fresh adapter for one case, pointed at the mock (synchronously: the suite reads the declared
   * capabilities when it defines the cases, to skip what is not declared). Keep retry backoff short.
   */
  createAdapter(settings: {
    /** The mock's base URL. */
    readonly baseUrl: string;
    /** Per-attempt timeout to configure (milliseconds): short, so the timeout cases finish quickly. */
    readonly timeoutMs: number;
  }): ReportingAdapter;
  /** The platform mock the adapter talks to. */
  readonly mock: PlatformMock;
  /** Credential values that must never appear in an error (tokens, webhook secrets, API keys). */
  readonly secrets: readonly string[];
  /** Makes targets the platform accepts (default: {@link defaultTarget} for the mock's platform). */
  readonly target?: TargetFactory;
  /** Per-attempt timeout passed to `createAdapter` (default 250 ms). */
  readonly timeoutMs?: number;
  /** The longest the suite waits for a call that should fail after retries (default 30 s). */
  readonly settleMs?: number;
  /**
   * Cases that do not apply to this platform, by name, with the reason (reported as skipped). For real
   * differences only (a platform without idempotency keys), never to hide a failure.
   */
  readonly skipCases?: Readonly<Record<string, string>>;
  /**
   * Your msw server, already listening (`setupServer()` from `msw/node`, or `setupWorker()` in a
   * browser); without it the suite starts its own for the duration.
   */
  readonly server?: {
    use(...handlers: PlatformMock["handlers"][number][]): void;
    resetHandlers(): void;
  };
}

/**
 * One runner-neutral case: a name, why it is skipped (if it is), and the check itself.
 *
 * @example
 * ```ts
 * for (const c of defineConformanceCases(options)) if (c.skip === undefined) await c.run();
 * ```
 */
export interface ConformanceCase {
  /** `group: what is checked`, stable across versions (meta-tests select cases by name). */
  readonly name: string;
  readonly group: string;
  /** Why the case does not apply to this adapter, or `undefined` when it runs. */
  readonly skip: string | undefined;
  /** A bound for runners that take a per-test timeout. */
  readonly timeoutMs: number;
  /** Runs the case; throws `ConformanceFailure` (or any error) when the adapter breaks the contract. */
  run(): Promise<void>;
}

/** What a case body gets. */
export interface CaseKit {
  readonly adapter: ReportingAdapter;
  readonly mock: PlatformMock;
  readonly secrets: readonly string[];
  readonly settleMs: number;
  /** New targets of a type (default: the first declared type). */
  targets(count: number, type?: TargetType): Target[];
  /** A complete request for these targets (default kind: the first declared). */
  request(targets: readonly Target[], kind?: RequestKind): RequestContent;
  /** A new idempotency key. */
  key(): string;
  /** A submit input with `count` new targets. */
  input(count?: number, options?: { kind?: RequestKind; type?: TargetType }): SubmitInput;
  /** Submits one new target; fails the case unless it succeeds. */
  submitOne(options?: {
    kind?: RequestKind;
    type?: TargetType;
  }): Promise<{ receipt: SubmitReceipt; input: SubmitInput; key: string }>;
}

/** Builds the kit for one run of a case. */
export function createKit(options: ConformanceOptions, adapter: ReportingAdapter): CaseKit {
  const { mock } = options;
  const makeTarget = options.target ?? defaultTarget(mock.platform);
  let counter = 0;
  let keys = 0;
  const kit: CaseKit = {
    adapter,
    mock,
    secrets: options.secrets,
    settleMs: options.settleMs ?? 30_000,
    targets(count, type = adapter.capabilities.targetTypes[0] ?? "account") {
      return Array.from({ length: count }, () => makeTarget(++counter, type));
    },
    request(targets, kind = adapter.capabilities.requestKinds[0] ?? "suspend") {
      return conformanceRequest({ platform: mock.platform, kind, targets, id: `conformance-${counter}` });
    },
    key: () => `conformance:${mock.platform}:${++keys}`,
    input(count = 1, { kind, type } = {}) {
      const request = kit.request(kit.targets(count, type), kind);
      return { request, targets: request.targets };
    },
    async submitOne(submitOptions = {}) {
      const input = kit.input(1, submitOptions);
      const key = kit.key();
      try {
        return { receipt: await adapter.submit(input, { idempotencyKey: key }), input, key };
      } catch (error) {
        // Redacted: a leaking adapter must not print the secret into the test output either.
        const what = redactText(describeError(error), options.secrets);
        check(false, `a plain submit failed (${what}); the remaining checks of this case need one`);
        throw error;
      }
    },
  };
  return kit;
}

/** The operations an adapter that declares these capabilities performs on the platform, as the mock names them. */
export function declaredOperations(capabilities: AdapterCapabilities): ("submit" | "status" | "withdraw")[] {
  return [
    "submit",
    ...(capabilities.statusPolling ? (["status"] as const) : []),
    ...(capabilities.withdrawal ? (["withdraw"] as const) : []),
  ];
}

/**
 * A call of one operation, ready to make: a fresh submit, or a status poll or withdrawal of a submission
 * made now (so a fault injected afterwards strikes the call itself, not its set-up).
 */
export async function prepare(kit: CaseKit, operation: MockOperation): Promise<() => Promise<unknown>> {
  if (operation === "submit") {
    const input = kit.input(1);
    const key = kit.key();
    return () => kit.adapter.submit(input, { idempotencyKey: key });
  }
  const { receipt } = await kit.submitOne();
  const platformRef = receipt.platformRef;
  if (operation === "status") return () => kit.adapter.getStatus({ platformRef });
  const withdraw = kit.adapter.withdraw?.bind(kit.adapter);
  check(withdraw, "withdrawal is declared but there is no withdraw method");
  const key = kit.key();
  return () => withdraw({ platformRef, reason: "conformance: order set aside" }, { idempotencyKey: key });
}
