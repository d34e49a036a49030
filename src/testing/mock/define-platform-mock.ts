import { type HttpHandler, HttpResponse, http } from "msw";
import { redactHeaders, redactText, redactUrl } from "../../adapter/http/redact.js";
import type { StatusOutcome } from "../../adapter/v1/spec.js";
import type { RequestKind } from "../../domain/schemas/request.js";
import { ArrivalTimes } from "./arrival-index.js";
import { createVirtualClock } from "./clock.js";
import type { FaultInjection, MockOperation } from "./faults.js";
import {
  type CompiledRoute,
  compileRoute,
  type DirectDispatch,
  matchRoute,
  registerMockInternals,
} from "./internals.js";
import {
  complete,
  DECLINE_TEXTS,
  drawActionDetail,
  drawDeclineDetail,
  type MockOutcomeDetail,
  type MockOutcomeVocabulary,
} from "./outcome-detail.js";
import { mulberry32, type Random } from "./random.js";
import {
  applyScenarioPatch,
  drawDelay,
  drawOutcome,
  GENERIC_REJECTION_REASONS,
  type MockScenario,
  MockScenarioSchema,
  pick,
  type ScenarioPatch,
} from "./scenario.js";
import type {
  ForcedState,
  MockError,
  MockRecord,
  MockSubmission,
  MockSupports,
  MockTarget,
  MockTargetOutcome,
  MockWebhookOptions,
  PlatformMock,
  PlatformStateInfo,
  SubmissionView,
} from "./types.js";

/**
 * The HTTP methods a route answers.
 *
 * @example
 * ```ts
 * const method: MockMethod = "post";
 * ```
 */
export type MockMethod = "get" | "post" | "put" | "patch" | "delete";

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
 * What the mock knows about the call an error answers: the request id the answer carries (in the
 * platform's request id header) and the operation, so a platform can echo the id in its body (Graph's
 * `fbtrace_id`, TikTok's `request_id`).
 *
 * @example
 * ```ts
 * errorResponse: (error, { requestId }: MockErrorInfo) => HttpResponse.json({ code: 40001, message: error.message, request_id: requestId }, { status: 200 }),
 * ```
 */
export interface MockErrorInfo {
  readonly requestId: string;
  readonly operation: MockOperation;
}

/**
 * What `authenticate` gets besides the request: the raw body (read once by the framework, for signature
 * checks) and the mock's virtual time.
 *
 * @example
 * ```ts
 * authenticate: async (request, { rawBody, now }: MockAuthContext) => (await verifySignature(request, rawBody) ? undefined : unauthorized),
 * ```
 */
export interface MockAuthContext {
  /** The request body as text (`""` without one). */
  readonly rawBody: string;
  /** Virtual time, epoch ms (token expiry and the like). */
  readonly now: number;
}

/**
 * How a route is declared.
 *
 * @example
 * ```ts
 * const route: MockRouteOptions = { operation: "submit", method: "post", path: "/reports", idempotent: true };
 * ```
 */
export interface MockRouteOptions {
  readonly operation: MockOperation;
  readonly method: MockMethod;
  /** Path below the base URL, msw syntax (`/legal-requests/:id`). */
  readonly path: string;
  /**
   * True for calls the platform deduplicates by idempotency key: the same key and body replay the first
   * answer (and create nothing), the same key with another body is an `idempotency-conflict`.
   */
  readonly idempotent?: boolean;
  /** `false` for endpoints the platform serves without credentials (an OAuth token endpoint). Default true. */
  readonly authenticate?: boolean;
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
  route(options: MockRouteOptions, handler: (call: MockCall) => Response | Promise<Response>): HttpHandler;
  /**
   * Renders an error in the platform's shape (with `Retry-After` when it has a wait, unless the mock
   * opted out). Prefer `call.error(error)` inside a route: it knows the call's request id. Without
   * `info`, the call most recently received is assumed.
   */
  error(error: MockError, info?: MockErrorInfo): Response;
  /**
   * Creates a submission and draws its outcome from the scenario. `country` is the requesting country the
   * platform read (where it may limit an action to one country), when the request names one.
   */
  createSubmission(input: {
    targets: readonly MockTarget[];
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
  readonly states: Readonly<Record<S, PlatformStateInfo>>;
  readonly supports: MockSupports;
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
   * checked with Web Crypto). Not called for routes declared with `authenticate: false`.
   */
  authenticate?(
    request: Request,
    context: MockAuthContext,
  ): MockError | undefined | Promise<MockError | undefined>;
  /** Renders an error in the platform's own shape; `info` names the call (its request id and operation). */
  errorResponse(error: MockError, info: MockErrorInfo): Response;
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

interface StoredAnswer {
  readonly fingerprint: string;
  readonly status: number;
  readonly headers: [string, string][];
  readonly body: string;
  readonly targets: readonly string[];
  readonly platformRef: string | undefined;
}

type MutableRecord = { -readonly [K in keyof MockRecord]: MockRecord[K] };
type MutableSubmission = { -readonly [K in keyof MockSubmission]: MockSubmission[K] };
type Pending = { fault: FaultInjection; left: number };

/**
 * Builds a platform mock from its definition: msw handlers (never started here), an inspectable record
 * of every call, seeded scenario decisions on a virtual clock, fault injection, and idempotency the way
 * a careful platform implements it (same key and body replay, same key and another body conflict).
 *
 * @example
 * ```ts
 * import { HttpResponse } from "msw";
 * import { definePlatformMock, defaultScenarios } from "referral-kit/testing";
 *
 * export const createAcmeMock = () =>
 *   definePlatformMock({
 *     platform: "acme",
 *     baseUrl: "https://api.acme.example/v1",
 *     states: { open: { outcome: "pending" }, done: { outcome: "actioned" }, refused: { outcome: "rejected", reason: true } },
 *     supports: { requestKinds: ["suspend"], targetTypes: ["account"], statusPolling: true, webhooks: false, withdrawal: false, maxTargetsPerCall: 5 },
 *     scenario: defaultScenarios.x,
 *     errorResponse: (e) => HttpResponse.json({ error: e.message }, { status: e.status }),
 *     handlers: (ctx) => [
 *       ctx.route({ operation: "submit", method: "post", path: "/reports", idempotent: true }, (call) => {
 *         const s = ctx.createSubmission({ targets: [{ key: "acme:x", wire: call.body }], body: call.body, idempotencyKey: call.idempotencyKey, kind: "suspend" });
 *         call.note({ platformRef: s.ref, targets: ["acme:x"] });
 *         return HttpResponse.json({ id: s.ref }, { status: 201 });
 *       }),
 *     ],
 *   });
 * ```
 */
export function definePlatformMock<const S extends string>(
  definition: PlatformMockDefinition<S>,
): PlatformMock<S> {
  const defaultScenario = MockScenarioSchema.parse({
    ...definition.scenario,
    ...(definition.seed === undefined ? {} : { seed: definition.seed }),
  }) as MockScenario;
  const clock = createVirtualClock(definition.startTime);
  const startTime = clock.now();
  const requestIdHeader = definition.requestIdHeader ?? "x-request-id";
  const referencePrefix = definition.referencePrefix ?? "ref_";
  const secrets = definition.secrets ?? [];
  const stateNames = Object.keys(definition.states) as S[];
  const baseUrl = definition.baseUrl.replace(/\/+$/, "");
  // Recorded paths are below the base URL's own path.
  const basePathLength = new URL(baseUrl).pathname.replace(/\/$/, "").length;

  let scenario = defaultScenario;
  let random: Random = mulberry32(scenario.seed);
  // Per-target detail draws from a stream of its own, so turning detail on or off never changes which
  // outcomes and delays a seed gives.
  const detailSeed = (seed: number) => mulberry32(seed ^ 0x6f75_7463);
  let detailRandom: Random = detailSeed(scenario.seed);
  const vocabulary = definition.outcomeVocabulary;
  let records: MockRecord[] = [];
  let submissions: MutableSubmission[] = [];
  // Indexes kept alongside `records` and `submissions` (and cleared with them): no call scans either.
  let byRef = new Map<string, MutableSubmission>();
  let byTarget = new Map<string, MutableSubmission[]>();
  let positions = new Map<MockSubmission, number>();
  let arrivals = new ArrivalTimes();
  let arrivalsByOperation = new Map<MockOperation, ArrivalTimes>();
  let injections: Pending[] = [];
  let answers = new Map<string, StoredAnswer>();
  let sequence = 0;
  const hanging = new Set<() => void>();
  const operations: MockOperation[] = [];
  // The routes behind each msw handler, for the sandbox's direct dispatch (see internals.ts).
  const directRoutes = new Map<HttpHandler, DirectRoute>();

  const states = new Map<StatusOutcome | "withdrawn", S>();
  const stateFor = (outcome: StatusOutcome | "withdrawn"): S => {
    const known = states.get(outcome);
    if (known !== undefined) return known;
    const fallbacks: (StatusOutcome | "withdrawn")[] = [outcome, "acknowledged", "pending"];
    for (const wanted of fallbacks) {
      const found = stateNames.find((name) => definition.states[name].outcome === wanted);
      if (found) {
        states.set(outcome, found);
        return found;
      }
    }
    const first = stateNames[0];
    if (first === undefined) throw new TypeError(`the ${definition.platform} mock declares no states`);
    states.set(outcome, first);
    return first;
  };

  const addRecord = (entry: MockRecord) => {
    records.push(entry);
    arrivals.add(entry.at);
    let times = arrivalsByOperation.get(entry.operation);
    if (!times) {
      times = new ArrivalTimes();
      arrivalsByOperation.set(entry.operation, times);
    }
    times.add(entry.at);
  };
  const find = (ref: string): MutableSubmission | undefined => byRef.get(ref);

  const renderError = (error: MockError, info: MockErrorInfo): Response => {
    const response = definition.errorResponse(error, info);
    if (definition.retryAfterHeader === false) return response;
    if (error.retryAfterSeconds === undefined || response.headers.has("retry-after")) return response;
    return withHeaders(response, { "retry-after": String(error.retryAfterSeconds) });
  };

  const view = (submission: MockSubmission): SubmissionView => {
    const now = clock.now();
    if (submission.withdrawn) {
      return {
        state: stateFor("withdrawn"),
        outcome: "withdrawn",
        reason: submission.withdrawn.reason,
        targets: submission.plan.targets.map(({ key }) => ({ key, outcome: "pending" as const })),
        since: submission.withdrawn.at,
      };
    }
    if (submission.forced) {
      const { state, reason, targets, at } = submission.forced;
      const info = definition.states[state as S];
      return { state, outcome: info.outcome, reason, targets, since: at };
    }
    const { plan } = submission;
    const undecided = plan.targets.map(({ key }) => ({ key, outcome: "pending" as const }));
    if (plan.outcome === "pending" || now < plan.reviewAt) {
      return {
        state: stateFor("pending"),
        outcome: "pending",
        reason: undefined,
        targets: undecided,
        since: submission.createdAt,
      };
    }
    if (now < plan.decideAt) {
      return {
        state: stateFor("acknowledged"),
        outcome: "acknowledged",
        reason: undefined,
        targets: undecided,
        since: plan.reviewAt,
      };
    }
    const state = stateFor(plan.outcome);
    return {
      state,
      outcome: definition.states[state].outcome,
      reason: plan.reason,
      targets: plan.targets,
      since: plan.decideAt,
    };
  };

  /** Words for a rejection, from the scenario's own when it gives them. */
  const pickRejection = () => pick(scenario.rejectionReasons ?? GENERIC_REJECTION_REASONS, random);
  /**
   * The words of a decline with a reason code: the scenario's own (`picked`) when it gives them, else the
   * platform's words for the reason.
   */
  const declineWords = (picked: string, detail: MockOutcomeDetail) =>
    scenario.rejectionReasons ? picked : DECLINE_TEXTS[detail.reasonCode ?? "other"];

  /**
   * The targets of a decision: "first actioned, the rest rejected" for a partial action. With detail
   * controls, each actioned target says what was done and each rejected one why (one reason for a
   * rejected submission: `shared`); a decline's words are then the platform's words for its reason.
   */
  const defaultTargets = (
    outcome: StatusOutcome | "withdrawn",
    keys: readonly string[],
    reason: string | undefined,
    context: { kind: RequestKind | undefined; country: string | undefined; decidedAt: number },
    shared?: MockOutcomeDetail,
  ): MockTargetOutcome[] =>
    keys.map((key, index) => {
      const controls = vocabulary ? scenario.outcomeDetail : undefined;
      const actioned =
        outcome === "actioned" ||
        (outcome === "partially-actioned" && (index === 0 || index < Math.ceil(keys.length / 2)));
      if (actioned) {
        const detail =
          controls && vocabulary
            ? drawActionDetail(controls, vocabulary, { ...context, key }, detailRandom)
            : undefined;
        return { key, outcome: "actioned", ...(detail ? { detail } : {}) };
      }
      if (outcome === "rejected" || outcome === "partially-actioned") {
        const picked = pickRejection();
        if (!controls || !vocabulary) return { key, outcome: "rejected", reason: reason ?? picked };
        const detail = shared ?? drawDeclineDetail(controls, vocabulary, detailRandom, context.kind);
        return { key, outcome: "rejected", reason: reason ?? declineWords(picked, detail), detail };
      }
      return { key, outcome: "pending" };
    });

  /** A target's given detail, checked against what the platform can say. */
  const checkedDetail = (target: MockTargetOutcome): MockTargetOutcome => {
    if (target.detail === undefined) return target;
    if (!vocabulary) {
      throw new RangeError(
        `the ${definition.platform} mock does not say what it did per target (no outcomeVocabulary)`,
      );
    }
    const acting = target.detail.measure !== "no-action";
    if (acting !== (target.outcome === "actioned")) {
      throw new RangeError(
        `target ${target.key} is ${target.outcome} but its detail is ${target.detail.measure}: an action's detail goes with "actioned", a no-action with "rejected"`,
      );
    }
    return { ...target, detail: complete(target.detail, vocabulary) };
  };

  const ctx: PlatformMockContext<S> = {
    platform: definition.platform,
    baseUrl,
    route(options, handler) {
      if (!operations.includes(options.operation)) operations.push(options.operation);
      const url = `${baseUrl}${options.path}`;
      const mswHandler = http[options.method](url, async ({ request, params }) =>
        handle(options, handler, request, params as Record<string, string>),
      );
      const compiled = compileRoute(url);
      if (compiled) {
        directRoutes.set(mswHandler, {
          method: options.method.toUpperCase(),
          compiled,
          answer: (request, params, rawBody) => handle(options, handler, request, params, rawBody),
        });
      }
      return mswHandler;
    },
    error: (error, info) => {
      const last = records.at(-1);
      return renderError(
        error,
        info ?? { requestId: last?.requestId ?? "", operation: last?.operation ?? "submit" },
      );
    },
    createSubmission(input) {
      const ref = `${referencePrefix}${submissions.length + 1}`;
      const outcome = drawOutcome(scenario.outcomes, random);
      const review = drawDelay(scenario.reviewDelay, random);
      const decision = Math.max(review, drawDelay(scenario.decisionDelay, random));
      const keys = input.targets.map((target) => target.key);
      const planned = outcome === "partially-actioned" && keys.length < 2 ? "actioned" : outcome;
      const picked =
        planned === "rejected"
          ? pickRejection()
          : planned === "needs-information"
            ? pick(scenario.informationRequests, random)
            : undefined;
      const createdAt = clock.now();
      const context = { kind: input.kind, country: input.country, decidedAt: createdAt + decision };
      // A rejected submission is declined for one reason, its words the platform's for that reason.
      const declined =
        planned === "rejected" && vocabulary && scenario.outcomeDetail
          ? drawDeclineDetail(scenario.outcomeDetail, vocabulary, detailRandom, input.kind)
          : undefined;
      const reason = declined && picked !== undefined ? declineWords(picked, declined) : picked;
      const submission: MutableSubmission = {
        ref,
        idempotencyKey: input.idempotencyKey,
        kind: input.kind,
        country: input.country,
        targets: input.targets,
        body: input.body,
        createdAt,
        plan: {
          outcome: planned,
          reviewAt: createdAt + review,
          decideAt: createdAt + decision,
          reason,
          targets: defaultTargets(
            planned,
            keys,
            planned === "rejected" ? reason : undefined,
            context,
            declined,
          ),
        },
        forced: undefined,
        withdrawn: undefined,
      };
      positions.set(submission, submissions.length);
      submissions.push(submission);
      if (!byRef.has(ref)) byRef.set(ref, submission);
      for (const key of keys) {
        const naming = byTarget.get(key);
        if (!naming) byTarget.set(key, [submission]);
        else if (naming[naming.length - 1] !== submission) naming.push(submission);
      }
      return submission;
    },
    submission: find,
    submissions: () => [...submissions],
    submissionsNaming: (key) => byTarget.get(key) ?? NONE,
    view,
    withdraw(submission, reason) {
      const stored = find(submission.ref);
      if (!stored) throw new RangeError(`no submission ${submission.ref}`);
      stored.withdrawn ??= { at: clock.now(), reason };
      return stored;
    },
    stateFor,
    now: () => clock.now(),
    random: () => random(),
    scenario: () => scenario,
    records: () => records,
    countCalls({ since, after = false, operation }) {
      const times = operation === undefined ? arrivals : arrivalsByOperation.get(operation);
      return times ? times.countSince(since, after) : 0;
    },
  };

  async function handle(
    options: MockRouteOptions,
    handler: (call: MockCall) => Response | Promise<Response>,
    request: Request,
    params: Record<string, string>,
    preread?: string,
  ): Promise<Response> {
    const rawBody = preread ?? (request.body ? await request.clone().text() : "");
    const { body, invalid } = parseBody(rawBody, request.headers.get("content-type"));
    sequence += 1;
    const requestId =
      definition.requestIdFormat?.(sequence) ??
      `${definition.platform}-req-${String(sequence).padStart(6, "0")}`;
    const idempotencyKey = definition.idempotencyKey
      ? definition.idempotencyKey(request, body)
      : (request.headers.get("idempotency-key") ?? undefined);
    const url = new URL(request.url);
    const record: MutableRecord = {
      seq: sequence,
      operation: options.operation,
      method: request.method,
      path: redactText(url.pathname.slice(basePathLength) || "/", secrets),
      url: redactUrl(url, secrets),
      headers: redactHeaders(request.headers, secrets),
      body,
      idempotencyKey,
      targets: [],
      platformRef: undefined,
      requestId,
      status: 0,
      fault: undefined,
      replayed: false,
      at: clock.now(),
      receivedAt: Date.now(),
    };
    addRecord(record);

    const finish = (response: Response, error?: MockError): Response => {
      if (response.type === "error") return response;
      record.status = response.status;
      return withHeaders(
        response,
        {
          [requestIdHeader]: requestId,
          ...definition.responseHeaders?.({ operation: options.operation, error }),
        },
        false,
        true,
      );
    };
    const info: MockErrorInfo = { requestId, operation: options.operation };
    const fail = (error: MockError) => finish(renderError(error, info), error);

    const fault = takeInjection(options.operation);
    if (fault) record.fault = fault.kind;
    const faultAfter = fault && "when" in fault && fault.when === "after";
    if (fault && !faultAfter) return answerFault(fault, request, fail, finish);

    const refused =
      options.authenticate === false
        ? undefined
        : await definition.authenticate?.(request, { rawBody, now: clock.now() });
    if (refused) return fail(refused);
    if (invalid)
      return fail({ kind: "invalid-request", status: 400, message: "The request body is not valid JSON." });

    const storeKey =
      options.idempotent && idempotencyKey ? `${options.operation} ${idempotencyKey}` : undefined;
    // Only calls the platform deduplicates are fingerprinted.
    const fingerprint = storeKey ? `${request.method} ${record.path} ${canonicalJson(body)}` : "";
    const stored = storeKey ? answers.get(storeKey) : undefined;
    let response: Response;
    let error: MockError | undefined;
    if (stored && stored.fingerprint !== fingerprint) {
      error = {
        kind: "idempotency-conflict",
        status: definition.idempotencyConflictStatus ?? 409,
        message: "This idempotency key was already used with a different request.",
      };
      response = renderError(error, info);
    } else if (stored) {
      record.replayed = true;
      record.targets = stored.targets;
      record.platformRef = stored.platformRef;
      response = new Response(stored.body, { status: stored.status, headers: stored.headers });
    } else {
      const call: MockCall = {
        request,
        params,
        body,
        rawBody,
        idempotencyKey,
        requestId,
        note(update) {
          if (update.targets) record.targets = [...update.targets];
          if (update.platformRef !== undefined) record.platformRef = update.platformRef;
        },
        noteSubmission(submission) {
          record.targets = submission.targets.map((t) => t.key);
          record.platformRef = submission.ref;
        },
        error: (error) => renderError(error, info),
      };
      response = await handler(call);
      if (storeKey && response.ok) {
        // Read once and answered from the text (a clone would tee the body stream).
        const text = await response.text();
        const headers = [...response.headers.entries()];
        answers.set(storeKey, {
          fingerprint,
          status: response.status,
          headers,
          body: text,
          targets: record.targets,
          platformRef: record.platformRef,
        });
        response = new Response(text, {
          status: response.status,
          statusText: response.statusText,
          headers,
        });
      }
    }
    if (fault) {
      // The platform did the work; the answer is lost on the way back.
      await response.body?.cancel().catch(() => undefined);
      return answerFault(fault, request, fail, finish);
    }
    return finish(response, error);
  }

  function takeInjection(operation: MockOperation): FaultInjection | undefined {
    const index = injections.findIndex(
      ({ fault }) => (fault.operation ?? "any") === "any" || fault.operation === operation,
    );
    const pending = injections[index];
    if (!pending) return undefined;
    pending.left -= 1;
    if (pending.left <= 0) injections.splice(index, 1);
    return pending.fault;
  }

  async function answerFault(
    fault: FaultInjection,
    request: Request,
    fail: (error: MockError) => Response,
    finish: (response: Response) => Response,
  ): Promise<Response> {
    switch (fault.kind) {
      case "rate-limit": {
        const seconds = fault.retryAfterSeconds ?? 1;
        const response = fail({
          kind: "rate-limit",
          status: 429,
          message: "Too many requests.",
          retryAfterSeconds: seconds,
        });
        if (fault.format !== "http-date") return response;
        // HTTP-dates have whole seconds: round up, so the wait is never shorter than asked.
        const at = new Date((Math.ceil(Date.now() / 1000) + seconds) * 1000).toUTCString();
        return withHeaders(response, { "retry-after": at }, true);
      }
      case "server-error": {
        const status = fault.status ?? 500;
        return fail({
          kind: "server-error",
          status,
          message: status === 503 ? "Service unavailable, try again later." : "Internal error.",
          ...(fault.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: fault.retryAfterSeconds }),
        });
      }
      case "timeout":
        await new Promise<void>((resolve) => {
          const release = () => {
            hanging.delete(release);
            resolve();
          };
          hanging.add(release);
          if (request.signal.aborted) release();
          request.signal.addEventListener("abort", release, { once: true });
        });
        return HttpResponse.error();
      case "reset":
        return HttpResponse.error();
      case "malformed-json":
        return finish(
          new Response('{"data":{"id":"', { status: 200, headers: { "content-type": "application/json" } }),
        );
      case "wrong-shape":
        return finish(
          new Response('{"unexpected":true}', {
            status: 200,
            headers: { "content-type": "application/json" },
          }),
        );
      case "wrong-content-type":
        return finish(
          new Response("<html><body><h1>Service temporarily unavailable</h1></body></html>", {
            status: 200,
            headers: { "content-type": "text/html; charset=utf-8" },
          }),
        );
      case "expired-token": {
        // Echoes the credential, as careless platforms do: an adapter must keep it out of its errors.
        const presented = request.headers.get("authorization")?.replace(/^\S+\s+/, "");
        return fail({
          kind: "expired-token",
          status: 401,
          message: presented ? `Invalid or expired token: ${presented}` : "The access token has expired.",
        });
      }
      case "forbidden":
        return fail({
          kind: "forbidden",
          status: 403,
          message: "These credentials are not allowed to make this request.",
        });
    }
  }

  const handlers = Object.freeze(definition.handlers(ctx));
  const table = handlers.map((handler) => directRoutes.get(handler));
  const dispatch: DirectDispatch | undefined = table.every((route) => route !== undefined)
    ? (request, rawBody) => {
        const url = new URL(request.url);
        const method = request.method.toUpperCase();
        for (const route of table as DirectRoute[]) {
          if (route.method !== method) continue;
          const params = matchRoute(route.compiled, url);
          if (params) return route.answer(request, params, rawBody);
        }
        return undefined;
      }
    : undefined;

  const mock: PlatformMock<S> = {
    platform: definition.platform,
    baseUrl,
    handlers,
    states: definition.states,
    supports: definition.supports,
    ...(vocabulary ? { outcomeVocabulary: vocabulary } : {}),
    operations,
    get records() {
      return records.map((record) => ({ ...record }));
    },
    get scenario() {
      return scenario;
    },
    setScenario(patch: ScenarioPatch) {
      scenario = applyScenarioPatch(scenario, patch);
      if (patch.seed !== undefined) {
        random = mulberry32(scenario.seed);
        detailRandom = detailSeed(scenario.seed);
      }
    },
    inject(fault) {
      const times = fault.times ?? 1;
      if (!(times > 0))
        throw new RangeError(`an injection applies to at least one call, got times: ${times}`);
      injections.push({ fault, left: times });
    },
    pendingInjections: () => injections.map(({ fault, left }) => ({ ...fault, times: left })),
    clearInjections() {
      injections = [];
    },
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    setTime: (time) => clock.set(time),
    reset() {
      for (const release of [...hanging]) release();
      scenario = defaultScenario;
      random = mulberry32(scenario.seed);
      detailRandom = detailSeed(scenario.seed);
      records = [];
      submissions = [];
      byRef = new Map();
      byTarget = new Map();
      positions = new Map();
      arrivals = new ArrivalTimes();
      arrivalsByOperation = new Map();
      injections = [];
      answers = new Map();
      sequence = 0;
      clock.set(startTime);
      definition.onReset?.();
    },
    createdReferences: () => submissions.map((s) => s.ref),
    submissionsByIdempotencyKey() {
      const byKey = new Map<string, string[]>();
      for (const s of submissions) {
        if (s.idempotencyKey === undefined) continue;
        byKey.set(s.idempotencyKey, [...(byKey.get(s.idempotencyKey) ?? []), s.ref]);
      }
      return byKey;
    },
    submission: find,
    submissions: () => [...submissions],
    view(ref) {
      const submission = find(ref);
      return submission ? view(submission) : undefined;
    },
    force(ref, state, options = {}) {
      const submission = find(ref);
      if (!submission) throw new RangeError(`the ${definition.platform} mock has no submission ${ref}`);
      const info = definition.states[state];
      if (!info)
        throw new RangeError(`the ${definition.platform} mock has no state ${JSON.stringify(state)}`);
      // A rejection without given targets is for one reason, in the platform's words for it.
      const declined =
        info.outcome === "rejected" && !options.targets && vocabulary && scenario.outcomeDetail
          ? drawDeclineDetail(scenario.outcomeDetail, vocabulary, detailRandom, submission.kind)
          : undefined;
      const givenWords = options.targets?.find((target) => target.outcome === "rejected")?.reason;
      const reason =
        options.reason ??
        (declined
          ? declineWords(pickRejection(), declined)
          : info.outcome === "rejected"
            ? (givenWords ?? pickRejection())
            : info.outcome === "needs-information"
              ? pick(scenario.informationRequests, random)
              : info.reason
                ? "as stated by the platform"
                : undefined);
      const keys = submission.targets.map((t) => t.key);
      const at = clock.now();
      const context = { kind: submission.kind, country: submission.country, decidedAt: at };
      const forced: ForcedState = {
        state,
        reason,
        targets:
          options.targets?.map(checkedDetail) ??
          defaultTargets(
            info.outcome,
            keys,
            info.outcome === "rejected" ? reason : undefined,
            context,
            declined,
          ),
        at,
      };
      submission.forced = forced;
      if (info.outcome !== "withdrawn") submission.withdrawn = undefined;
    },
    ...(definition.webhook
      ? {
          async webhook(ref: string, options: MockWebhookOptions = {}) {
            const submission = find(ref);
            if (!submission) throw new RangeError(`the ${definition.platform} mock has no submission ${ref}`);
            return definition.webhook!(submission, view(submission), options, ctx);
          },
        }
      : {}),
  };
  registerMockInternals(mock, {
    dispatch,
    submissionsNamingAny(keys) {
      const naming = new Set<MockSubmission>();
      for (const key of keys) for (const submission of byTarget.get(key) ?? []) naming.add(submission);
      return [...naming].sort((a, b) => (positions.get(a) ?? 0) - (positions.get(b) ?? 0));
    },
  });
  return mock;
}

/** One route as the sandbox dispatches it without msw. */
interface DirectRoute {
  /** Upper case, as msw compares (case-insensitively). */
  readonly method: string;
  readonly compiled: CompiledRoute;
  answer(request: Request, params: Record<string, string>, rawBody: string): Promise<Response>;
}

const NONE: readonly MockSubmission[] = Object.freeze([]);

function parseBody(raw: string, contentType: string | null): { body: unknown; invalid: boolean } {
  if (raw === "") return { body: undefined, invalid: false };
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return { body: Object.fromEntries(new URLSearchParams(raw)), invalid: false };
  }
  try {
    return { body: JSON.parse(raw), invalid: false };
  } catch {
    return { body: raw, invalid: contentType?.includes("json") ?? true };
  }
}

/** JSON with object keys sorted, so two equal bodies fingerprint the same whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/**
 * The response with headers added (kept where the response already sets them, unless `override`): a copy,
 * or with `inPlace` the response itself when its headers can be changed (every response a handler builds).
 */
function withHeaders(
  response: Response,
  headers: Record<string, string>,
  override = false,
  inPlace = false,
): Response {
  if (inPlace) {
    try {
      for (const [name, value] of Object.entries(headers)) {
        if (override || !response.headers.has(name)) response.headers.set(name, value);
      }
      return response;
    } catch {
      // Immutable headers: fall back to a copy (set is refused before anything changes).
    }
  }
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) {
    if (override || !merged.has(name)) merged.set(name, value);
  }
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: merged,
  });
}
