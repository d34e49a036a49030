/**
 * The shapes a platform mock is built from and exposes: records of what reached the platform, the
 * submissions it holds, the errors it answers with, and the `PlatformMock` object itself.
 */
import type { HttpHandler } from "msw";
import type { AdapterCapabilities, StatusOutcome } from "../../adapter/v1/spec.js";
import type { RequestKind } from "../../domain/schemas/request.js";
import type { FaultInjection, MockOperation } from "./faults.js";
import type { MockOutcomeDetail, MockOutcomeVocabulary } from "./outcome-detail.js";
import type { MockScenario, ScenarioPatch } from "./scenario.js";

/** Internal name of a type the public signatures write out. */
export type PlatformStateInfo = PlatformMock["states"][string];

/** Internal name of a type the public signatures write out. */
export type MockTarget = MockSubmission["targets"][number];

/** Internal name of a type the public signatures write out. */
export type MockErrorKind = MockError["kind"];

/**
 * One call that reached the mock, as the platform saw it: the independent record tests check against
 * ("did a second submission really reach the platform?"). Credentials in headers are redacted.
 *
 * @example
 * ```ts
 * const [first] = mock.records;
 * expect(first.idempotencyKey).toBe("req-1:0");
 * expect(first.targets).toEqual(["x:somename"]);
 * ```
 */
export interface MockRecord {
  /** 1 for the first call since the last reset. */
  readonly seq: number;
  readonly operation: MockOperation;
  readonly method: string;
  /** Path below the mock's base URL, e.g. `/legal-requests/lr_1`. */
  readonly path: string;
  /** Full URL, redacted. */
  readonly url: string;
  /** Request headers, lower-case names, credentials shown as `[REDACTED]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (or form fields as an object, or the raw text, or undefined). */
  readonly body: unknown;
  /** The idempotency key the call carried, as the platform reads it. */
  readonly idempotencyKey: string | undefined;
  /** Target keys (`targetKey` form) the call named, as the platform read them. */
  readonly targets: readonly string[];
  /** The platform reference the call created or addressed. */
  readonly platformRef: string | undefined;
  /** The request id the mock sent back (in the platform's request id header). */
  readonly requestId: string;
  /** The HTTP status answered; 0 for a network error or a call that never got an answer. */
  readonly status: number;
  /** The fault injected into this call, if any. */
  readonly fault: FaultInjection["kind"] | undefined;
  /** True when the answer was replayed from an earlier call with the same idempotency key. */
  readonly replayed: boolean;
  /** Virtual time the call arrived (epoch ms). */
  readonly at: number;
  /** Wall-clock time the call arrived (epoch ms), for checking real waits such as `Retry-After`. */
  readonly receivedAt: number;
}

/**
 * A target's planned or forced outcome.
 *
 * @example
 * ```ts
 * mock.force(ref, "partly", { targets: [{ key: "acme:a", outcome: "actioned" }, { key: "acme:b", outcome: "rejected", reason: "no violation" }] });
 * ```
 */
export interface MockTargetOutcome {
  readonly key: string;
  readonly outcome: "actioned" | "rejected" | "pending";
  readonly reason?: string;
  /**
   * What the platform did to it, or why it declined (a `no-action` detail), on platforms that say
   * (`PlatformMock.outcomeVocabulary`). Drawn from the scenario's `outcomeDetail`, or given to `force`.
   */
  readonly detail?: MockOutcomeDetail;
}

/**
 * A submission the mock created (one per platform request; replays do not create one).
 *
 * @example
 * ```ts
 * const submission = mock.submission(receipt.platformRef);
 * submission?.targets.map((t) => t.key);
 * ```
 */
export interface MockSubmission {
  readonly ref: string;
  /** The idempotency key of the call that created it. */
  readonly idempotencyKey: string | undefined;
  /** The domain request kind the platform understood. */
  readonly kind: RequestKind | undefined;
  /** The requesting country (ISO 3166-1 alpha-2) the platform read, where an action may be limited to it. */
  readonly country: string | undefined;
  /**
   * One target of a submission, as the mock holds it.
   */
  readonly targets: readonly {
    /** The target's key in `targetKey` form (`x:somename`). */
    readonly key: string;
    /** The platform's own representation, as received. */
    readonly wire: unknown;
  }[];
  /** The body as received. */
  readonly body: unknown;
  /** Virtual time of creation (epoch ms). */
  readonly createdAt: number;
  /** What the scenario decided, and when it becomes visible. */
  readonly plan: {
    readonly outcome: "actioned" | "partially-actioned" | "rejected" | "needs-information" | "pending";
    readonly reviewAt: number;
    readonly decideAt: number;
    readonly reason: string | undefined;
    readonly targets: readonly MockTargetOutcome[];
  };
  /** A state set by `mock.force`, which wins over the plan. */
  readonly forced:
    | {
        /** The platform's own state name. */
        readonly state: string;
        readonly reason: string | undefined;
        readonly targets: readonly MockTargetOutcome[];
        readonly at: number;
      }
    | undefined;
  /** Set when the agency withdrew it. */
  readonly withdrawn: { readonly at: number; readonly reason: string } | undefined;
}

/** A state set by `PlatformMock.force`. */
export type ForcedState = NonNullable<MockSubmission["forced"]>;

/**
 * Where a submission stands now, by the virtual clock: the platform state name and what it means.
 * Platform handlers render this in their own wire format.
 *
 * @example
 * ```ts
 * const view = mock.view(ref);
 * if (view?.outcome === "rejected") console.log(view.state, view.reason);
 * ```
 */
export interface SubmissionView {
  /** The platform's state name (from `states`). */
  readonly state: string;
  /** What the state means in domain terms, or `"withdrawn"`. */
  readonly outcome: StatusOutcome | "withdrawn";
  /** The rejection reason or the information asked for, where the state has one. */
  readonly reason: string | undefined;
  /** Per-target outcomes (pending before the decision). */
  readonly targets: readonly MockTargetOutcome[];
  /** Virtual time the submission entered this state (epoch ms). */
  readonly since: number;
}

/**
 * An error for the platform to render in its own shape.
 *
 * @example
 * ```ts
 * const error: MockError = { kind: "not-found", status: 404, message: "No legal request with id lr_9" };
 * ```
 */
export interface MockError {
  /**
   * The kinds of error a mock answers with, in the platform's own shape. The framework raises the first
   * six itself (injected faults, bad bodies, idempotency conflicts); a platform's handlers raise any.
   */
  readonly kind:
    | "unauthorized"
    | "expired-token"
    | "forbidden"
    | "rate-limit"
    | "server-error"
    | "idempotency-conflict"
    | "invalid-request"
    | "not-found"
    | "conflict"
    | "unsupported";
  readonly status: number;
  /** The platform's message, for people. */
  readonly message: string;
  /** For rate limits and 503s: the wait the platform asks for. */
  readonly retryAfterSeconds?: number;
  /** Field problems, for invalid requests. */
  readonly details?: readonly { readonly path: string; readonly message: string }[];
}

/**
 * Options for a signed webhook built by the mock.
 *
 * @example
 * ```ts
 * const request = await mock.webhook!(ref, { tamper: true });
 * ```
 */
export interface MockWebhookOptions {
  /** Signs with this secret instead of the mock's own. */
  readonly secret?: string;
  /** Changes the body after signing (the signature no longer matches). */
  readonly tamper?: boolean;
  /** Dates the signature this many seconds in the past (wall clock), to test the tolerance window. */
  readonly ageSeconds?: number;
  /** Leaves the signature out. */
  readonly unsigned?: boolean;
  /** The URL the platform posts to (default `https://agency.example/webhooks/<platform>`). */
  readonly url?: string;
}

/**
 * A modelled platform: msw handlers implementing its wire protocol, and everything a test needs to
 * control and inspect it. Build one with `definePlatformMock`; nothing starts at import or creation.
 *
 * @typeParam S - the platform's state names.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createPlatformMock } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("x");
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * // ... submit through the adapter, then:
 * expect(mock.createdReferences()).toHaveLength(1);
 * ```
 */
export interface PlatformMock<S extends string = string> {
  readonly platform: string;
  /** The base URL the handlers answer on. */
  readonly baseUrl: string;
  /** msw handlers: pass them to `setupServer(...)` or `server.use(...)`. */
  readonly handlers: readonly HttpHandler[];
  /** Every state the platform reports, and what it means. */
  readonly states: Readonly<
    Record<
      S,
      {
        readonly outcome: StatusOutcome | "withdrawn";
        /** True when the platform sends a reason with this state. */
        readonly reason?: boolean;
      }
    >
  >;
  /**
   * What the modelled platform accepts, independent of any adapter, in the terms of an adapter's
   * capabilities: the conformance suite checks that an adapter declares nothing beyond it.
   */
  readonly supports: Omit<AdapterCapabilities, "targetTypesByKind" | "rateLimits">;
  /** What the platform can say about each target's outcome; absent on a platform that says only actioned or declined. */
  readonly outcomeVocabulary?: MockOutcomeVocabulary;
  /** Every call received since the last reset, oldest first. */
  readonly records: readonly MockRecord[];
  /** The scenario in force. */
  readonly scenario: MockScenario;
  /** Changes the scenario (and reseeds when the patch has a seed). */
  setScenario(patch: ScenarioPatch): void;
  /** Injects a fault into the next matching calls. Injections queue in order. */
  inject(fault: FaultInjection): void;
  /** Injections not used up yet. */
  pendingInjections(): readonly FaultInjection[];
  /** Drops every pending injection. */
  clearInjections(): void;
  /** The virtual time, epoch ms. */
  now(): number;
  /** Moves the virtual clock forward, making due reviews and decisions visible. */
  advance(ms: number): void;
  /** Sets the virtual clock. */
  setTime(time: number | string): void;
  /**
   * Back to the start: no records, submissions, injections or idempotency entries, the default scenario,
   * the seed and the start time. Calls left hanging by a `timeout` fault are released (as network errors).
   */
  reset(): void;
  /** Platform references created, in order (replays create none). */
  createdReferences(): readonly string[];
  /** For each idempotency key, the references created under it (more than one means a duplicate). */
  submissionsByIdempotencyKey(): ReadonlyMap<string, readonly string[]>;
  /** One submission by reference. */
  submission(ref: string): MockSubmission | undefined;
  /** Every submission, in order of creation. */
  submissions(): readonly MockSubmission[];
  /** Where a submission stands now. */
  view(ref: string): SubmissionView | undefined;
  /**
   * Puts a submission in a platform state now, whatever the scenario planned. `reason` defaults to one
   * from the scenario where the state carries one; per-target outcomes default to "first actioned, the
   * rest rejected" for a partial action, with detail drawn from the scenario's `outcomeDetail`. A target's
   * `detail` is checked against `outcomeVocabulary` (`RangeError` when the platform could not say it).
   */
  force(ref: string, state: S, options?: { reason?: string; targets?: readonly MockTargetOutcome[] }): void;
  /** The operations the handlers route (`submit`, `status`, ...), in the order the platform defines them. */
  readonly operations: readonly MockOperation[];
  /** Builds a signed webhook for a submission's current state, when the platform sends webhooks. */
  webhook?(ref: string, options?: MockWebhookOptions): Promise<Request>;
}
