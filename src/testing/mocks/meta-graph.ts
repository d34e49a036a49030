/**
 * The Graph-style legal-requests platform Facebook and Instagram share (docs/wire/facebook.md), as a
 * mock: the OAuth token endpoint, `POST /{app-id}/legal_requests`, `GET /{id}?fields=`, `POST /{id}`,
 * Graph's error body and codes, `X-App-Usage` and `X-Business-Use-Case-Usage` counters, and signed
 * webhooks. Private to the Facebook and Instagram mocks, which bring their targets and limits.
 */
import { type HttpHandler, HttpResponse } from "msw";
import { z } from "zod";
import { hmac } from "../../adapter/http/auth/hmac.js";
import type { RequestKind } from "../../domain/schemas/request.js";
import { definePlatformMock, type MockCall, type PlatformMockContext } from "../mock/define-platform-mock.js";
import { invalidRequestError } from "../mock/invalid-request.js";
import { preservationBodySchema, preservationEnd, wireProductionFiles } from "../mock/kind-wire.js";
import type { MockOutcomeVocabulary } from "../mock/outcome-detail.js";
import { requestingCountry } from "../mock/outcome-detail.js";
import type { MockScenario } from "../mock/scenario.js";
import { targetDecision } from "../mock/target-decision.js";
import type {
  MockError,
  MockErrorKind,
  MockSubmission,
  MockTarget,
  MockWebhookOptions,
  PlatformMock,
  SubmissionView,
} from "../mock/types.js";
import { renderGraphOutcome } from "./meta-graph-outcomes.js";
import type { MockOptions, MockStates } from "./options.js";

/** The states of a Graph legal request. */
export type GraphRequestState = MockStates["facebook"];
/** Options shared by the Graph-style mocks. */
export type GraphMockOptions = MockOptions<"facebook">;

/**
 * What a Graph platform brings to {@link defineGraphMock}.
 *
 * @example
 * ```ts
 * const spec: GraphMockSpec = { platform: "facebook", baseUrl, appId, appSecret, tokenPrefix: "EAAG", referencePrefix: "106", supports, scenario, targetSchema, wireKey, throttleCode: 4, useCaseType: "legal_requests", hourlyLimit: 1_000, actions: {}, outcomeVocabulary: graphOutcomeVocabulary() };
 * ```
 */
export interface GraphMockSpec {
  readonly platform: "facebook" | "instagram";
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  /** Prefix of issued tokens (Graph app tokens start `EAA`). */
  readonly tokenPrefix: string;
  readonly referencePrefix: string;
  readonly supports: PlatformMock["supports"];
  readonly scenario: MockScenario;
  /** The platform's wire target, checked strictly. */
  readonly targetSchema: z.ZodType;
  /** The `targetKey` of a wire target the schema accepted. */
  wireKey(target: unknown): string;
  /** Platform rules on a valid body (a request type a target does not take). */
  refuse?(body: GraphSubmitBody): string | undefined;
  /** The throttling code the platform answers with (4 app, 80002 Instagram business use case). */
  readonly throttleCode: number;
  /** The `type` in `X-Business-Use-Case-Usage`. */
  readonly useCaseType: string;
  /** Calls per hour for the usage headers ("all" operations). */
  readonly hourlyLimit: number;
  /** What the platform did, per request type, for an actioned target the scenario says nothing more of. */
  readonly actions: Readonly<Record<string, string>>;
  /** What the platform can say it did per target (`graphOutcomeVocabulary`). */
  readonly outcomeVocabulary: MockOutcomeVocabulary;
}

const REQUEST_TYPES: Readonly<Record<string, RequestKind>> = {
  ACCOUNT_REMOVAL: "suspend",
  CONTENT_REMOVAL: "remove-content",
  GEO_RESTRICTION: "restrict-locally",
  PRESERVATION: "preserve",
  DATA_DISCLOSURE: "disclose-data",
};

const DateTime = z.iso.datetime({ offset: true });
const DataCategory = z.enum(["BASIC_SUBSCRIBER", "NON_CONTENT", "CONTENT"]);
const Instrument = z.enum([
  "DOMESTIC_ORDER",
  "MLAT",
  "LETTER_ROGATORY",
  "EMERGENCY_DISCLOSURE",
  "EUROPEAN_PRODUCTION_ORDER",
]);

const DataRequest = z.strictObject({
  instrument: Instrument,
  instrument_reference: z.string().min(1).max(200).optional(),
  data_categories: z.array(DataCategory).min(1),
  accounts: z.array(z.string().min(1).max(300)).min(1),
  date_range: z.strictObject({ since: DateTime, until: DateTime }).optional(),
  statement_of_reasons: z.string().min(1).max(10_000),
  non_disclosure: z
    .strictObject({ reason: z.string().min(1).max(2000), until: DateTime.optional() })
    .optional(),
  emergency: z
    .strictObject({
      harm: z.enum(["DEATH", "SERIOUS_PHYSICAL_INJURY"]),
      justification: z.string().min(1).max(10_000),
    })
    .optional(),
});

const Preservation = preservationBodySchema(DataCategory, Instrument);

function submitBodySchema(target: z.ZodType, maxTargets: number) {
  return z.strictObject({
    idempotency_key: z.string().min(1).max(255),
    request_type: z.enum(Object.keys(REQUEST_TYPES) as [string, ...string[]]),
    priority: z.enum(["STANDARD", "EMERGENCY"]),
    agency_reference: z.string().min(1).max(200),
    issuing_authority: z.strictObject({
      name: z.string().min(1).max(500),
      country: z.string().length(2).optional(),
      unit: z.string().min(1).max(500).optional(),
      contact: z.string().min(1).max(500).optional(),
    }),
    legal_basis: z.strictObject({
      instrument: z.string().min(1).max(500),
      section: z.string().min(1).max(200),
      jurisdiction: z.string().min(2).max(10).optional(),
    }),
    designations: z.array(
      z.strictObject({
        group_id: z.string().min(1),
        authority: z.string().min(1),
        reference: z.string().min(1).optional(),
      }),
    ),
    respond_by: DateTime.optional(),
    restrict_in_countries: z
      .array(z.string().regex(/^[A-Z]{2}$/))
      .min(1)
      .optional(),
    targets: z.array(target).min(1).max(maxTargets, `at most ${maxTargets} targets per legal request`),
    evidence: z.array(
      z.strictObject({
        target_index: z.number().int().nonnegative(),
        url: z.url(),
        captured_at: DateTime,
        sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 is 64 lower-case hex digits"),
        note: z.string().max(2000).optional(),
      }),
    ),
    note: z.string().max(5000).optional(),
    data_request: DataRequest.optional(),
    preservation: Preservation.optional(),
  });
}

/**
 * A create body as the Graph mocks read it.
 *
 * @example
 * ```ts
 * const refuse = (body: GraphSubmitBody) => (body.targets.length > 3 ? "too many" : undefined);
 * ```
 */
export type GraphSubmitBody = z.infer<ReturnType<typeof submitBodySchema>>;

const WithdrawBody = z.strictObject({
  status: z.literal("WITHDRAWN"),
  withdrawal_reason: z.string().min(1).max(5000),
  idempotency_key: z.string().min(1).max(255),
});

const TokenBody = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

/** The fields a legal request node has. */
const NODE_FIELDS = new Set([
  "id",
  "status",
  "status_reason",
  "request_type",
  "agency_reference",
  "created_time",
  "updated_time",
  "decisions",
  "data_result",
  "data_production",
  "preserved_until",
]);

/** Graph's error codes (modelled on Graph's documented ones), by error kind. */
const ERRORS: Readonly<
  Record<MockErrorKind, { code: number; subcode?: number; type: string; transient?: boolean }>
> = {
  unauthorized: { code: 190, subcode: 460, type: "OAuthException" },
  "expired-token": { code: 190, subcode: 463, type: "OAuthException" },
  forbidden: { code: 10, type: "OAuthException" },
  "rate-limit": { code: 4, type: "OAuthException", transient: true },
  "server-error": { code: 1, type: "OAuthException", transient: true },
  "idempotency-conflict": { code: 100, subcode: 1_487_390, type: "GraphMethodException" },
  "invalid-request": { code: 100, type: "GraphMethodException" },
  "not-found": { code: 100, subcode: 33, type: "GraphMethodException" },
  conflict: { code: 100, subcode: 1_487_391, type: "GraphMethodException" },
  unsupported: { code: 100, subcode: 1_487_392, type: "GraphMethodException" },
};

/** Graph writes times with a `+0000` offset and no milliseconds. */
const graphTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");

const DECISIONS = { actioned: "ACTION_TAKEN", rejected: "NO_ACTION", pending: "PENDING" } as const;

/** The decision-time fields of a disclosure or preservation node, once the platform has acted. */
function kindFields(
  body: GraphSubmitBody,
  ref: string,
  view: SubmissionView,
  noRecords: ReadonlySet<string>,
): Record<string, unknown> {
  const acted = view.state === "ACTION_TAKEN" || view.state === "PARTIAL_ACTION";
  if (!acted) return {};
  if (body.data_request) {
    const { accounts, data_categories } = body.data_request;
    if (accounts.every((account) => noRecords.has(account))) return { data_result: "NO_RECORDS" };
    const held = accounts.filter((account) => !noRecords.has(account));
    return {
      data_result: "PRODUCED",
      data_production: {
        id: `PRD-${ref}`,
        files: wireProductionFiles(ref, data_categories, held),
      },
    };
  }
  if (body.preservation) {
    return { preserved_until: graphTime(preservationEnd(view.since, body.preservation.preserve_for)) };
  }
  return {};
}

/** The node as Graph shows it, every field; `fields` picks from it. */
function renderNode(
  spec: GraphMockSpec,
  submission: MockSubmission,
  view: SubmissionView,
  noRecords: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const body = submission.body as GraphSubmitBody;
  const reason =
    view.state === "NO_ACTION" || view.state === "MORE_INFO_NEEDED" || view.state === "WITHDRAWN"
      ? view.reason
      : undefined;
  return {
    id: submission.ref,
    status: view.state,
    ...(reason ? { status_reason: reason } : {}),
    request_type: body.request_type,
    agency_reference: body.agency_reference,
    created_time: graphTime(submission.createdAt),
    updated_time: graphTime(view.since),
    decisions: {
      data: submission.targets.map((target, index) => {
        const { outcome, rejectionReason, detail } = targetDecision(view, index);
        const decision = DECISIONS[outcome];
        return {
          target: target.wire,
          decision,
          ...renderGraphOutcome(detail, decision, {
            action: spec.actions[body.request_type],
            countries: body.restrict_in_countries,
          }),
          ...(rejectionReason ? { reason: rejectionReason } : {}),
        };
      }),
    },
    ...kindFields(body, submission.ref, view, noRecords),
  };
}

/**
 * Builds a Graph-style legal-requests mock for one platform. Tokens are issued by the mock and expire by
 * its virtual clock, so `mock.advance(...)` past their lifetime makes the next call answer 401 (code 190,
 * subcode 463), as Graph does.
 *
 * @example
 * ```ts
 * const mock = defineGraphMock(facebookSpec, { tokenLifetimeSeconds: 60 });
 * ```
 */
export function defineGraphMock(
  spec: GraphMockSpec,
  options: GraphMockOptions = {},
): PlatformMock<GraphRequestState> {
  const app: GraphApp = {
    spec,
    appId: options.appId ?? spec.appId,
    appSecret: options.appSecret ?? spec.appSecret,
    lifetimeMs: (options.tokenLifetimeSeconds ?? 3_600) * 1000,
    submitBody: submitBodySchema(spec.targetSchema, spec.supports.maxTargetsPerCall),
    noRecords: new Set(options.noRecords ?? []),
    tokens: new Map(),
    context: undefined,
  };
  return definePlatformMock({
    platform: spec.platform,
    baseUrl: options.baseUrl ?? spec.baseUrl,
    referencePrefix: spec.referencePrefix,
    states: {
      SUBMITTED: { outcome: "pending" },
      UNDER_REVIEW: { outcome: "acknowledged" },
      MORE_INFO_NEEDED: { outcome: "needs-information", reason: true },
      ACTION_TAKEN: { outcome: "actioned" },
      PARTIAL_ACTION: { outcome: "partially-actioned" },
      NO_ACTION: { outcome: "rejected", reason: true },
      WITHDRAWN: { outcome: "withdrawn", reason: true },
    },
    supports: spec.supports,
    outcomeVocabulary: spec.outcomeVocabulary,
    scenario: options.scenario ?? spec.scenario,
    seed: options.seed,
    startTime: options.startTime,
    requestIdHeader: "x-fb-trace-id",
    // Graph's trace ids: `A`, the platform's initials, a serial.
    requestIdFormat: (n) => `A${spec.platform.slice(0, 2).toUpperCase()}${String(n).padStart(8, "0")}`,
    secrets: [app.appSecret],
    idempotencyConflictStatus: 400,
    idempotencyKey(request, body) {
      if (request.method !== "POST" || typeof body !== "object" || body === null) return undefined;
      const key = (body as { idempotency_key?: unknown }).idempotency_key;
      return typeof key === "string" ? key : undefined;
    },
    authenticate: (request, { now }) => checkToken(app, request, now),
    errorResponse: (error, { requestId }) => graphErrorResponse(spec, error, requestId),
    responseHeaders: ({ operation, error }) => (operation === "token" ? {} : usageHeaders(app, error)),
    handlers(ctx): HttpHandler[] {
      app.context = ctx;
      return [tokenRoute(app, ctx), submitRoute(app, ctx), statusRoute(app, ctx), withdrawRoute(ctx)];
    },
    webhook: (submission, view, webhookOptions) => graphWebhook(app, submission, view, webhookOptions),
  });
}

/** What the parts of one Graph mock share: the platform's spec, the app it knows and the tokens it issued. */
interface GraphApp {
  readonly spec: GraphMockSpec;
  readonly appId: string;
  readonly appSecret: string;
  /** How long an issued token lives (virtual time). */
  readonly lifetimeMs: number;
  readonly submitBody: ReturnType<typeof submitBodySchema>;
  readonly noRecords: ReadonlySet<string>;
  /**
   * Issued tokens and their expiry (virtual time). Kept across reset on purpose: a reset platform still
   * honours tokens it issued, as a real one does across a test's scenarios.
   */
  readonly tokens: Map<string, number>;
  /** The mock's context, once its handlers are built. */
  context: PlatformMockContext<GraphRequestState> | undefined;
}

/** Graph's usage headers: the share of the hourly limit used by calls (tokens aside) in the last hour. */
function usageHeaders(app: GraphApp, error: MockError | undefined): Record<string, string> {
  const { spec, context } = app;
  const now = context?.now() ?? 0;
  // Calls (tokens aside) in the hour before now.
  const since = now - 3_600_000;
  const used = context
    ? context.countCalls({ since, after: true }) -
      context.countCalls({ since, after: true, operation: "token" })
    : 0;
  const throttled = error?.kind === "rate-limit";
  const percent = throttled ? 100 : Math.min(100, Math.round((used / spec.hourlyLimit) * 100));
  const regain = throttled ? Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)) : 0;
  const counters = {
    call_count: percent,
    total_cputime: Math.round(percent / 2),
    total_time: Math.round(percent / 2),
  };
  return {
    "x-app-usage": JSON.stringify(counters),
    "x-business-use-case-usage": JSON.stringify({
      [app.appId]: [{ type: spec.useCaseType, ...counters, estimated_time_to_regain_access: regain }],
    }),
  };
}

/**
 * The bearer token of a call, checked against the tokens the mock issued; expiry is by the mock's
 * virtual clock. (The token endpoint is declared with `authenticate: false`.)
 */
function checkToken(app: GraphApp, request: Request, now: number): MockError | undefined {
  const header = request.headers.get("authorization") ?? "";
  const token = /^Bearer (\S+)$/.exec(header)?.[1];
  const expiresAt = token ? app.tokens.get(token) : undefined;
  if (expiresAt === undefined) {
    return {
      kind: "unauthorized",
      status: 401,
      message: "Invalid OAuth access token - Cannot parse access token",
    };
  }
  if (now >= expiresAt) {
    return {
      kind: "expired-token",
      status: 401,
      message: "Error validating access token: Session has expired.",
    };
  }
  return undefined;
}

/** An error in Graph's shape: its code, subcode and type, and the call's trace id. */
function graphErrorResponse(spec: GraphMockSpec, error: MockError, requestId: string): Response {
  const entry = ERRORS[error.kind];
  const code =
    error.kind === "rate-limit"
      ? spec.throttleCode
      : error.kind === "server-error" && error.status === 503
        ? 2
        : entry.code;
  return HttpResponse.json(
    {
      error: {
        message: error.message,
        type: entry.type,
        code,
        ...(entry.subcode === undefined ? {} : { error_subcode: entry.subcode }),
        ...(entry.transient ? { is_transient: true } : {}),
        ...(error.details?.length
          ? { error_user_msg: error.details.map((d) => `${d.path}: ${d.message}`).join("; ") }
          : {}),
        // Graph's fbtrace_id is the x-fb-trace-id of the same answer.
        fbtrace_id: requestId,
      },
    },
    // Graph answers throttling with 400, not 429: only the code says it.
    { status: error.kind === "rate-limit" ? 400 : error.status },
  );
}

function fail(call: MockCall, kind: MockErrorKind, status: number, message: string): Response {
  return call.error({ kind, status, message });
}

function unknownNode(call: MockCall, id: string | undefined): Response {
  return fail(
    call,
    "not-found",
    400,
    `Unsupported get request. Object with ID '${id ?? ""}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  );
}

/** A JSON answer with the `Date` header of the mock's clock. */
function dated(ctx: PlatformMockContext<GraphRequestState>, body: unknown): Response {
  return HttpResponse.json(body as Record<string, unknown>, {
    headers: { date: new Date(ctx.now()).toUTCString() },
  });
}

/** `POST /oauth/access_token`: an app token for the app's id and secret. */
function tokenRoute(app: GraphApp, ctx: PlatformMockContext<GraphRequestState>): HttpHandler {
  return ctx.route(
    { operation: "token", method: "post", path: "/oauth/access_token", authenticate: false },
    (call) => {
      const parsed = TokenBody.safeParse(call.body);
      if (!parsed.success) return call.error(invalidRequestError(parsed.error, { messagePrefix: "(#100) " }));
      if (parsed.data.client_id !== app.appId || parsed.data.client_secret !== app.appSecret) {
        // Graph's own message; the secret is never echoed.
        return HttpResponse.json(
          {
            error: {
              message: "Error validating client secret.",
              type: "OAuthException",
              code: 101,
              fbtrace_id: "ATOKEN",
            },
          },
          { status: 400 },
        );
      }
      const token = `${app.spec.tokenPrefix}${app.tokens.size + 1}x${Math.floor(ctx.random() * 1e9).toString(36)}`;
      app.tokens.set(token, ctx.now() + app.lifetimeMs);
      return HttpResponse.json({
        access_token: token,
        token_type: "bearer",
        expires_in: app.lifetimeMs / 1000,
      });
    },
  );
}

/** `POST /:app/legal_requests`: a new legal request, checked as Graph checks it. */
function submitRoute(app: GraphApp, ctx: PlatformMockContext<GraphRequestState>): HttpHandler {
  const { spec } = app;
  return ctx.route(
    { operation: "submit", method: "post", path: "/:app/legal_requests", idempotent: true },
    (call) => {
      if (call.params.app !== app.appId) {
        return fail(
          call,
          "forbidden",
          403,
          `(#200) The app ${call.params.app} is not enrolled for legal requests.`,
        );
      }
      if (!call.request.headers.get("content-type")?.startsWith("application/json")) {
        return fail(call, "invalid-request", 400, "(#100) The body must be JSON.");
      }
      const parsed = app.submitBody.safeParse(call.body);
      if (!parsed.success) return call.error(invalidRequestError(parsed.error, { messagePrefix: "(#100) " }));
      const body = parsed.data;
      const targets: MockTarget[] = body.targets.map((wire) => ({ key: spec.wireKey(wire), wire }));
      call.note({ targets: targets.map((t) => t.key) });
      if (body.request_type === "GEO_RESTRICTION" && !body.restrict_in_countries) {
        return fail(
          call,
          "invalid-request",
          400,
          "(#100) restrict_in_countries is required for GEO_RESTRICTION.",
        );
      }
      const kindProblem = kindBodyProblem(body);
      if (kindProblem) return fail(call, "invalid-request", 400, `(#100) ${kindProblem}`);
      if (body.evidence.some((e) => e.target_index >= body.targets.length)) {
        return fail(call, "invalid-request", 400, "(#100) evidence.target_index points past the targets.");
      }
      const refusal = spec.refuse?.(body);
      if (refusal) return fail(call, "unsupported", 400, refusal);
      const submission = ctx.createSubmission({
        targets,
        body,
        idempotencyKey: call.idempotencyKey,
        kind: REQUEST_TYPES[body.request_type],
        country: requestingCountry(
          body.restrict_in_countries?.[0],
          body.legal_basis.jurisdiction,
          body.issuing_authority.country,
        ),
      });
      call.note({ platformRef: submission.ref });
      return dated(ctx, { id: submission.ref });
    },
  );
}

/** `GET /:id?fields=…`: the node's asked fields (an unknown field is refused, as Graph does). */
function statusRoute(app: GraphApp, ctx: PlatformMockContext<GraphRequestState>): HttpHandler {
  return ctx.route({ operation: "status", method: "get", path: "/:id" }, (call) => {
    const submission = ctx.submission(call.params.id ?? "");
    if (!submission) return unknownNode(call, call.params.id);
    call.noteSubmission(submission);
    const asked = (new URL(call.request.url).searchParams.get("fields") ?? "id,status")
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean);
    const unknown = asked.find((f) => !NODE_FIELDS.has(f));
    if (unknown) {
      return fail(
        call,
        "invalid-request",
        400,
        `(#100) Tried accessing nonexisting field (${unknown}) on node type (LegalRequest)`,
      );
    }
    const node = renderNode(app.spec, submission, ctx.view(submission), app.noRecords);
    const picked = Object.fromEntries(
      Object.entries(node).filter(([field]) => field === "id" || asked.includes(field)),
    );
    return HttpResponse.json(picked);
  });
}

/** `POST /:id` with a withdrawal reason: withdraws a request the platform has not decided. */
function withdrawRoute(ctx: PlatformMockContext<GraphRequestState>): HttpHandler {
  return ctx.route({ operation: "withdraw", method: "post", path: "/:id", idempotent: true }, (call) => {
    const submission = ctx.submission(call.params.id ?? "");
    if (!submission) return unknownNode(call, call.params.id);
    call.noteSubmission(submission);
    const parsed = WithdrawBody.safeParse(call.body);
    if (!parsed.success) return call.error(invalidRequestError(parsed.error, { messagePrefix: "(#100) " }));
    const { outcome, state } = ctx.view(submission);
    if (
      outcome !== "pending" &&
      outcome !== "acknowledged" &&
      outcome !== "needs-information" &&
      outcome !== "withdrawn"
    ) {
      return fail(
        call,
        "conflict",
        400,
        `(#100) The legal request is ${state} and can no longer be withdrawn.`,
      );
    }
    ctx.withdraw(submission, parsed.data.withdrawal_reason);
    return dated(ctx, { success: true });
  });
}

/** A status-change webhook as Graph sends it, signed with the app secret (or unsigned, aged, tampered). */
async function graphWebhook(
  app: GraphApp,
  submission: MockSubmission,
  view: SubmissionView,
  options: MockWebhookOptions,
): Promise<Request> {
  const body = JSON.stringify({
    object: "legal_request",
    entry: [
      {
        id: app.appId,
        // Wall clock: the adapter under test checks it against its own clock.
        time: Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0),
        changes: [{ field: "status", value: renderNode(app.spec, submission, view, app.noRecords) }],
      },
    ],
  });
  const signature = `sha256=${await hmac("SHA-256", options.secret ?? app.appSecret, body)}`;
  const headers = new Headers({ "content-type": "application/json" });
  if (!options.unsigned) headers.set("x-hub-signature-256", signature);
  // Tampering flips the state, as an attacker forging an "actioned" would.
  const forged = view.state === "ACTION_TAKEN" ? "NO_ACTION" : "ACTION_TAKEN";
  const sent = options.tamper ? body.replace(`"status":"${view.state}"`, `"status":"${forged}"`) : body;
  return new Request(options.url ?? `https://agency.example/webhooks/${app.spec.platform}`, {
    method: "POST",
    headers,
    body: sent,
  });
}

/** What Graph refuses in a valid body: a disclosure without its data request, an emergency without its justification. */
function kindBodyProblem(body: GraphSubmitBody): string | undefined {
  const disclosure = body.request_type === "DATA_DISCLOSURE";
  if (disclosure !== (body.data_request !== undefined)) {
    return disclosure
      ? "data_request is required for DATA_DISCLOSURE."
      : "data_request is only for DATA_DISCLOSURE.";
  }
  const preservation = body.request_type === "PRESERVATION";
  if (preservation !== (body.preservation !== undefined)) {
    return preservation
      ? "preservation is required for PRESERVATION."
      : "preservation is only for PRESERVATION.";
  }
  if (body.data_request?.instrument === "EMERGENCY_DISCLOSURE" && !body.data_request.emergency) {
    return "data_request.emergency (the threat-to-life justification) is required for EMERGENCY_DISCLOSURE.";
  }
  return undefined;
}

/**
 * The `GET` subscription handshake the Graph platforms send before any webhook.
 *
 * @example
 * ```ts
 * const { reply } = await adapter.parseWebhook(graphVerificationRequest("my-verify-token", "1158201444"));
 * await reply?.text(); // "1158201444"
 * ```
 */
export function graphVerificationRequest(
  verifyToken: string,
  challenge: string,
  url = "https://agency.example/webhooks/facebook",
): Request {
  const target = new URL(url);
  target.searchParams.set("hub.mode", "subscribe");
  target.searchParams.set("hub.verify_token", verifyToken);
  target.searchParams.set("hub.challenge", challenge);
  return new Request(target, { method: "GET" });
}
