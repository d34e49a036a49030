/**
 * What a platform mock is made of: the definition a platform's mock gives `definePlatformMock`, the context
 * its handlers receive, and one call as a handler sees it.
 */
import type { HttpHandler } from "msw";
import type { StatusOutcome } from "../../adapter/v1/spec.js";
import type { RequestKind } from "../../domain/schemas/request.js";
import type { MockOperation } from "./faults.js";
import type { MockOutcomeVocabulary } from "./outcome-detail.js";
import type { MockScenario } from "./scenario.js";
import type {
  MockError,
  MockRecord,
  MockSubmission,
  MockWebhookOptions,
  PlatformMock,
  SubmissionView,
} from "./types.js";

/** Internal name of a type the public signatures write out. */
export type MockErrorInfo = Parameters<PlatformMockDefinition<string>["errorResponse"]>[1];

/** Internal name of a type the public signatures write out. */
export type MockRouteOptions = Parameters<PlatformMockContext["route"]>[0];

/**
 * One call as a platform handler sees it: the request, its path parameters, its parsed body and
 * idempotency key, and a way to note what it named and created (for the record).
 *
 * @example
 * ```ts
 * ctx.route({ operation: "status", method: "get", path: "/reports/:id" }, (call: MockCall) => {
 *   call.note({ platformRef: call.params.id });
 *   return HttpResponse.json({ id: call.params.id });
 * });
 * ```
 */
export interface MockCall {
  /** The request (its body already read: use `body` or `rawBody`). */
  readonly request: Request;
  readonly params: Readonly<Record<string, string>>;
  /** The parsed JSON body (or form fields as an object), `undefined` without a body. */
  readonly body: unknown;
  readonly rawBody: string;
  readonly idempotencyKey: string | undefined;
  /** The request id this call will be answered with. */
  readonly requestId: string;
  /** Adds what the platform read to the call's record: the targets named, the reference created or addressed. */
  note(update: { targets?: readonly string[]; platformRef?: string }): void;
  /**
   * Notes that the call addressed an existing submission (a status or withdrawal call): its reference
   * and the keys of its targets. Short for `call.note({ platformRef: s.ref, targets: s.targets.map((t) => t.key) })`.
   *
   * @example
   * ```ts
   * const submission = ctx.submission(call.params.id ?? "");
   * if (submission) call.noteSubmission(submission);
   * ```
   */
  noteSubmission(submission: MockSubmission): void;
  /** Renders an error in the platform's shape for this call (its request id and operation). */
  error(error: MockError): Response;
}

/**
 * What a platform's handlers get from the framework: routing with recording, fault injection,
 * authentication and idempotency built in, the submissions store, the clock and the random source.
 *
 * @example
 * ```ts
 * handlers: (ctx: PlatformMockContext<"open" | "done">) => [
 *   ctx.route({ operation: "status", method: "get", path: "/reports/:id" }, (call) => {
 *     const submission = ctx.submission(call.params.id ?? "");
 *     return submission ? HttpResponse.json({ state: ctx.view(submission).state }) : ctx.error({ kind: "not-found", status: 404, message: "no such report" });
 *   }),
 * ]
 * ```
 */
export interface PlatformMockContext<S extends string = string> {
  readonly platform: string;
  readonly baseUrl: string;
  /** Declares one endpoint. The handler only runs when no fault, auth failure or replay answers first. */
  route(
    options: {
      readonly operation: MockOperation;
      /** The HTTP method the route answers (lower case, as msw names them). */
      readonly method: "get" | "post" | "put" | "patch" | "delete";
      /** Path below the base URL, msw syntax (`/legal-requests/:id`). */
      readonly path: string;
      /**
       * True for calls the platform deduplicates by idempotency key: the same key and body replay the first
       * answer (and create nothing), the same key with another body is an `idempotency-conflict`.
       */
      readonly idempotent?: boolean;
      /** `false` for endpoints the platform serves without credentials (an OAuth token endpoint). Default true. */
      readonly authenticate?: boolean;
    },
    handler: (call: MockCall) => Response | Promise<Response>,
  ): HttpHandler;
  /**
   * Renders an error in the platform's shape (with `Retry-After` when it has a wait, unless the mock
   * opted out). Prefer `call.error(error)` inside a route: it knows the call's request id. Without
   * `info`, the call most recently received is assumed.
   */
  error(error: MockError, info?: Parameters<PlatformMockDefinition<S>["errorResponse"]>[1]): Response;
  /**
   * Creates a submission and draws its outcome from the scenario. `country` is the requesting country the
   * platform read (where it may limit an action to one country), when the request names one.
   */
  createSubmission(input: {
    targets: MockSubmission["targets"];
    body: unknown;
    idempotencyKey: string | undefined;
    kind: RequestKind | undefined;
    country?: string | undefined;
  }): MockSubmission;
  submission(ref: string): MockSubmission | undefined;
  /** Every submission, in order of creation. */
  submissions(): readonly MockSubmission[];
  /**
   * The submissions that name a target (by its `targetKey`), in order of creation: what
   * `submissions().filter((s) => s.targets.some((t) => t.key === key))` gives, from an index (a
   * platform spotting duplicate targets asks on every submission). Do not modify the array.
   *
   * @example
   * ```ts
   * const open = ctx.submissionsNaming("x:somename").find((s) => !s.withdrawn);
   * ```
   */
  submissionsNaming(key: string): readonly MockSubmission[];
  /** Where a submission stands now. */
  view(submission: MockSubmission): SubmissionView;
  /** Records a withdrawal. */
  withdraw(submission: MockSubmission, reason: string): MockSubmission;
  /** The platform state name for an outcome (the first state declared with it). */
  stateFor(outcome: StatusOutcome | "withdrawn"): S;
  /** Virtual time, epoch ms. */
  now(): number;
  /** The seeded random source (reseeded on reset). */
  random(): number;
  scenario(): MockScenario;
  /** The calls received so far (the current one included), for rate-limit counters. */
  records(): readonly MockRecord[];
  /**
   * How many calls since the last reset (the current one included) arrived at virtual time `since` or
   * later (strictly later with `after: true`): of one operation, or of all without `operation`. The
   * count `records().filter(...)` on `at` gives, from an index, for counters sent on every answer.
   *
   * @example
   * ```ts
   * const used = ctx.countCalls({ operation: "submit", since: windowStart });
   * ```
   */
  countCalls(options: { since: number; after?: boolean; operation?: MockOperation }): number;
}

/**
 * What a platform author writes to model a platform: its states, what it accepts, its error shape and
 * its endpoints. Everything else (records, faults, idempotency, clock, scenario) is the framework's.
 *
 * @example
 * ```ts
 * const definition: PlatformMockDefinition<"open" | "done"> = {
 *   platform: "acme",
 *   baseUrl: "https://api.acme.example/v1",
 *   states: { open: { outcome: "pending" }, done: { outcome: "actioned" } },
 *   supports,
 *   scenario: defaultScenarios.x,
 *   errorResponse: (e) => HttpResponse.json({ error: e.message }, { status: e.status }),
 *   handlers: (ctx) => [],
 * };
 * const mock = definePlatformMock(definition);
 * ```
 */
export interface PlatformMockDefinition<S extends string> {
  readonly platform: string;
  readonly baseUrl: string;
  /** Every state the platform reports. Order matters: the first state with an outcome is used for it. */
  readonly states: PlatformMock<S>["states"];
  readonly supports: PlatformMock["supports"];
  /**
   * What the platform can say about each target's outcome (measure, scope, ground, until, its decline
   * codes). With it, scenarios with `outcomeDetail` draw per-target detail and `force` takes it; the
   * handlers render `targetDecision(view, i).detail` in the platform's own words.
   */
  readonly outcomeVocabulary?: MockOutcomeVocabulary;
  /** The default scenario (`reset()` returns to it). */
  readonly scenario: MockScenario;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Where the virtual clock starts (default 2026-01-05T09:00:00Z). */
  readonly startTime?: number | string;
  /** The header that carries the mock's request id on every answer (default `x-request-id`). */
  readonly requestIdHeader?: string;
  /**
   * Formats the request id of the `sequence`-th call since the last reset (default
   * `<platform>-req-000001`), for platforms whose ids have a shape of their own (Graph's `A…` trace ids).
   */
  requestIdFormat?(sequence: number): string;
  /** Prefix of platform references (default `ref_`). */
  readonly referencePrefix?: string;
  /** Reads the idempotency key (default: the `Idempotency-Key` header). */
  idempotencyKey?(request: Request, body: unknown): string | undefined;
  /**
   * Checks credentials; return an error (`unauthorized`) to refuse the call. May be async (a signature
   * checked with Web Crypto). Not called for routes declared with `authenticate: false`. `context` has the
   * request body as text (`""` without one; read once by the framework, for signature checks) and the
   * mock's virtual time, epoch ms (token expiry and the like).
   */
  authenticate?(
    request: Request,
    context: { readonly rawBody: string; readonly now: number },
  ): MockError | undefined | Promise<MockError | undefined>;
  /** Renders an error in the platform's own shape; `info` names the call (its request id and operation). */
  errorResponse(
    error: MockError,
    info: {
      readonly requestId: string;
      readonly operation: MockOperation;
    },
  ): Response;
  /**
   * Whether the framework adds a `Retry-After` header to errors that carry a wait (default true). Set
   * `false` for a platform that says how long to wait only in its body (Telegram's
   * `parameters.retry_after`), so adapters are tested against exactly what it sends. An injected
   * `rate-limit` fault with `format: "http-date"` still sends the header: it asks for one.
   */
  readonly retryAfterHeader?: boolean;
  /** Headers the platform sends on every answer (rate-limit counters), given the error if there is one. */
  responseHeaders?(info: { operation: MockOperation; error: MockError | undefined }): Record<string, string>;
  /** Status of an idempotency conflict (default 409). */
  readonly idempotencyConflictStatus?: number;
  /** Secret values to redact from recorded headers, URLs and paths. */
  readonly secrets?: readonly string[];
  /** Clears the platform's own state (issued tokens, counters) when the mock is reset. */
  onReset?(): void;
  /** The endpoints. Called once, at creation; nothing is started. */
  handlers(ctx: PlatformMockContext<S>): HttpHandler[];
  /** Builds a signed webhook for a submission's current state. */
  webhook?(
    submission: MockSubmission,
    view: SubmissionView,
    options: MockWebhookOptions,
    ctx: PlatformMockContext<S>,
  ): Promise<Request>;
}
