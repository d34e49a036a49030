import { http } from "msw";
import { createVirtualClock } from "./clock.js";
import { MockDecisions } from "./decisions.js";
import type {
  MockCall,
  MockErrorInfo,
  MockRouteOptions,
  PlatformMockContext,
  PlatformMockDefinition,
} from "./definition.js";
import { FaultQueue } from "./fault-answers.js";
import type { MockOperation } from "./faults.js";
import { type CallEnvironment, handleCall } from "./handle-call.js";
import { compileRoute, type DirectRoute, directDispatch, registerMockInternals } from "./internals.js";
import { MockLedger, type MutableSubmission } from "./ledger.js";
import { withHeaders } from "./responses.js";
import { type MockScenario, MockScenarioSchema } from "./scenario.js";
import type { MockError, MockWebhookOptions, PlatformMock } from "./types.js";
import { type StateResolver, stateResolver, viewSubmission } from "./view.js";

export type {
  MockCall,
  MockErrorInfo,
  MockRouteOptions,
  PlatformMockContext,
  PlatformMockDefinition,
} from "./definition.js";

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
  const baseUrl = definition.baseUrl.replace(/\/+$/, "");
  const decisions = new MockDecisions(definition, defaultScenario);
  const stateFor = stateResolver(definition.platform, definition.states);
  const env: CallEnvironment<S> = {
    definition,
    ledger: new MockLedger(),
    faults: new FaultQueue(),
    hanging: new Set(),
    now: () => clock.now(),
    // Recorded paths are below the base URL's own path.
    basePathLength: new URL(baseUrl).pathname.replace(/\/$/, "").length,
    renderError: (error, info) => renderError(definition, error, info),
  };
  const { ledger } = env;
  const view = (submission: MutableSubmission) =>
    viewSubmission(submission, clock.now(), definition.states, stateFor);
  const found = (ref: string) => {
    const submission = ledger.find(ref);
    if (!submission) throw new RangeError(`the ${definition.platform} mock has no submission ${ref}`);
    return submission;
  };
  const operations: MockOperation[] = [];
  // The routes behind each msw handler, for the sandbox's direct dispatch (see internals.ts).
  const directRoutes = new Map<unknown, DirectRoute>();
  const ctx = mockContext({ env, baseUrl, decisions, stateFor, view, operations, directRoutes });
  const handlers = Object.freeze(definition.handlers(ctx));
  const vocabulary = definition.outcomeVocabulary;

  const mock: PlatformMock<S> = {
    platform: definition.platform,
    baseUrl,
    handlers,
    states: definition.states,
    supports: definition.supports,
    ...(vocabulary ? { outcomeVocabulary: vocabulary } : {}),
    operations,
    get records() {
      return ledger.records.map((record) => ({ ...record }));
    },
    get scenario() {
      return decisions.scenario;
    },
    setScenario: (patch) => decisions.setScenario(patch),
    inject: (fault) => env.faults.inject(fault),
    pendingInjections: () => env.faults.pending(),
    clearInjections: () => env.faults.clear(),
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    setTime: (time) => clock.set(time),
    reset() {
      for (const release of [...env.hanging]) release();
      decisions.reset();
      ledger.clear();
      env.faults.clear();
      clock.set(startTime);
      definition.onReset?.();
    },
    createdReferences: () => ledger.submissions.map((s) => s.ref),
    submissionsByIdempotencyKey: () => ledger.referencesByIdempotencyKey(),
    submission: (ref) => ledger.find(ref),
    submissions: () => [...ledger.submissions],
    view(ref) {
      const submission = ledger.find(ref);
      return submission ? view(submission) : undefined;
    },
    force(ref, state, options = {}) {
      const submission = found(ref);
      const info = definition.states[state];
      if (!info)
        throw new RangeError(`the ${definition.platform} mock has no state ${JSON.stringify(state)}`);
      submission.forced = decisions.forced(submission, state, info, options, clock.now());
      if (info.outcome !== "withdrawn") submission.withdrawn = undefined;
    },
    ...(definition.webhook
      ? {
          webhook: (ref: string, options: MockWebhookOptions = {}) => {
            const submission = found(ref);
            return definition.webhook!(submission, view(submission), options, ctx);
          },
        }
      : {}),
  };
  registerMockInternals(mock, {
    dispatch: directDispatch(handlers, directRoutes),
    submissionsNamingAny: (keys) => ledger.namingAny(keys),
  });
  return mock;
}

/** An error in the platform's shape, with `Retry-After` where it has a wait (unless the mock opted out). */
function renderError<S extends string>(
  definition: PlatformMockDefinition<S>,
  error: MockError,
  info: MockErrorInfo,
): Response {
  const response = definition.errorResponse(error, info);
  if (definition.retryAfterHeader === false) return response;
  if (error.retryAfterSeconds === undefined || response.headers.has("retry-after")) return response;
  return withHeaders(response, { "retry-after": String(error.retryAfterSeconds) });
}

/** What `mockContext` builds the handlers' context from. */
interface ContextParts<S extends string> {
  readonly env: CallEnvironment<S>;
  readonly baseUrl: string;
  readonly decisions: MockDecisions<S>;
  readonly stateFor: StateResolver<S>;
  readonly view: (submission: MutableSubmission) => ReturnType<PlatformMockContext<S>["view"]>;
  /** Filled with each operation a route declares. */
  readonly operations: MockOperation[];
  /** Filled with each route's direct dispatch. */
  readonly directRoutes: Map<unknown, DirectRoute>;
}

/** The context a platform's handlers are built with: routes, errors, submissions, time and chance. */
function mockContext<S extends string>(parts: ContextParts<S>): PlatformMockContext<S> {
  const { env, baseUrl, decisions, stateFor, view, operations, directRoutes } = parts;
  const { ledger, definition } = env;
  return {
    platform: definition.platform,
    baseUrl,
    route(options: MockRouteOptions, handler: (call: MockCall) => Response | Promise<Response>) {
      if (!operations.includes(options.operation)) operations.push(options.operation);
      const url = `${baseUrl}${options.path}`;
      const mswHandler = http[options.method](url, async ({ request, params }) =>
        handleCall(env, options, handler, request, params as Record<string, string>),
      );
      const compiled = compileRoute(url);
      if (compiled) {
        directRoutes.set(mswHandler, {
          method: options.method.toUpperCase(),
          compiled,
          answer: (request, params, rawBody) => handleCall(env, options, handler, request, params, rawBody),
        });
      }
      return mswHandler;
    },
    error: (error, info) => {
      const last = ledger.records.at(-1);
      return env.renderError(
        error,
        info ?? { requestId: last?.requestId ?? "", operation: last?.operation ?? "submit" },
      );
    },
    createSubmission(input) {
      const createdAt = env.now();
      const submission: MutableSubmission = {
        ref: `${definition.referencePrefix ?? "ref_"}${ledger.submissions.length + 1}`,
        idempotencyKey: input.idempotencyKey,
        kind: input.kind,
        country: input.country,
        targets: input.targets,
        body: input.body,
        createdAt,
        plan: decisions.plan(input, createdAt),
        forced: undefined,
        withdrawn: undefined,
      };
      ledger.addSubmission(submission);
      return submission;
    },
    submission: (ref) => ledger.find(ref),
    submissions: () => [...ledger.submissions],
    submissionsNaming: (key) => ledger.naming(key),
    view,
    withdraw(submission, reason) {
      const stored = ledger.find(submission.ref);
      if (!stored) throw new RangeError(`no submission ${submission.ref}`);
      stored.withdrawn ??= { at: env.now(), reason };
      return stored;
    },
    stateFor,
    now: env.now,
    random: () => decisions.next(),
    scenario: () => decisions.scenario,
    records: () => ledger.records,
    countCalls: (options) => ledger.countCalls(options),
  };
}
