/**
 * A mock of the modelled X legal-requests protocol (docs/wire/x.md): what the X adapter talks to in
 * tests, and what the conformance suite runs it against. It checks what it receives as the platform
 * would (bearer token, JSON body, field by field) and answers in X's own error shape.
 */
import { type HttpHandler, HttpResponse } from "msw";
import { z } from "zod";
import { hmac } from "../../adapter/http/auth/hmac.js";
import type { RequestKind } from "../../domain/schemas/request.js";
import { definePlatformMock, type PlatformMockContext } from "../mock/define-platform-mock.js";
import { invalidRequestError } from "../mock/invalid-request.js";
import { preservationBodySchema, preservationEnd } from "../mock/kind-wire.js";
import { requestingCountry } from "../mock/outcome-detail.js";
import { targetDecision } from "../mock/target-decision.js";
import type {
  MockErrorKind,
  MockSubmission,
  MockTarget,
  PlatformMock,
  SubmissionView,
} from "../mock/types.js";
import { defaultScenarios } from "../scenarios.js";
import type { MockOptions, MockStates } from "./options.js";
import { renderXOutcome, X_OUTCOME_VOCABULARY } from "./x-outcomes.js";

type XRequestState = MockStates["x"];

/**
 * The modelled X base URL (an `.example` host: this is not a real X API).
 *
 * @example
 * ```ts
 * createXAdapter({ baseUrl: X_MOCK_BASE_URL, bearerToken: X_MOCK_TOKEN });
 * ```
 */
export const X_MOCK_BASE_URL = "https://gov-requests.x.example/2";
/**
 * The bearer token the X mock accepts unless told otherwise.
 *
 * @example
 * ```ts
 * createXAdapter({ baseUrl: mock.baseUrl, bearerToken: X_MOCK_TOKEN });
 * ```
 */
export const X_MOCK_TOKEN = "x-mock-bearer-token-0123456789";
/**
 * The webhook secret the X mock signs with unless told otherwise.
 *
 * @example
 * ```ts
 * createXAdapter({ baseUrl: mock.baseUrl, bearerToken: X_MOCK_TOKEN, webhookSecret: X_MOCK_WEBHOOK_SECRET });
 * ```
 */
export const X_MOCK_WEBHOOK_SECRET = "x-mock-webhook-secret-0123456789";

const REQUEST_TYPES: Readonly<Record<string, RequestKind>> = {
  account_suspension: "suspend",
  content_removal: "remove-content",
  country_withholding: "restrict-locally",
  preservation: "preserve",
};

/** Per 15-minute window, as X documents it (modelled). */
const WINDOW_MS = 15 * 60_000;
const LIMITS: Readonly<Record<string, number>> = { submit: 50, status: 300, withdraw: 50 };

const Username = z.string().regex(/^[A-Za-z0-9_]{1,15}$/, "a username is 1 to 15 letters, digits or _");
const NumericId = z.string().regex(/^\d{1,20}$/, "an id is 1 to 20 digits");
const DateTime = z.iso.datetime({ offset: true });

const WireTarget = z.union([
  z.strictObject({ type: z.literal("user"), username: Username }),
  z.strictObject({ type: z.literal("user"), user_id: NumericId }),
  z.strictObject({ type: z.literal("post"), post_id: NumericId, author_username: Username.optional() }),
]);
type WireTarget = z.infer<typeof WireTarget>;

const Preservation = preservationBodySchema(
  z.enum(["subscriber", "non_content", "content"]),
  z.enum(["domestic_order", "mlat", "letter_rogatory", "emergency_disclosure", "european_production_order"]),
);

const SubmitBody = z.strictObject({
  request_type: z.string().min(1),
  priority: z.enum(["standard", "emergency"]),
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
      reference: z.string().nullable(),
    }),
  ),
  respond_by: DateTime.optional(),
  withheld_in: z.string().length(2).optional(),
  targets: z.array(WireTarget).min(1).max(10, "at most 10 targets per legal request"),
  evidence: z.array(
    z.strictObject({
      target_index: z.number().int().nonnegative(),
      url: z.url(),
      captured_at: DateTime,
      sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 is 64 lower-case hex digits"),
      note: z.string().max(2000).optional(),
    }),
  ),
  notes: z.string().max(5000).optional(),
  preservation: Preservation.optional(),
});

const WithdrawBody = z.strictObject({ reason: z.string().min(1).max(5000) });

/** X's error codes (modelled), by error kind: the code, the title and the status. */
const ERRORS: Readonly<Record<MockErrorKind, { code: number; title: string }>> = {
  unauthorized: { code: 32, title: "Unauthorized" },
  "expired-token": { code: 89, title: "Unauthorized" },
  forbidden: { code: 220, title: "Forbidden" },
  "rate-limit": { code: 88, title: "Too Many Requests" },
  "server-error": { code: 131, title: "Internal Error" },
  "idempotency-conflict": { code: 360, title: "Idempotency Key Reused" },
  "invalid-request": { code: 214, title: "Invalid Request" },
  "not-found": { code: 34, title: "Not Found Error" },
  conflict: { code: 355, title: "Conflict" },
  unsupported: { code: 362, title: "Unsupported Request Type" },
};

/**
 * The key a wire target has in `targetKey` form: `x:<username>`, `x:id:<id>`, `x:<author>/status/<id>`
 * or `x:status/<id>`.
 */
function wireKey(target: WireTarget): string {
  if (target.type === "post") {
    return target.author_username
      ? `x:${target.author_username.toLowerCase()}/status/${target.post_id}`
      : `x:status/${target.post_id}`;
  }
  return "username" in target ? `x:${target.username.toLowerCase()}` : `x:id:${target.user_id}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

function decision(outcome: "actioned" | "rejected" | "pending"): "actioned" | "declined" | "pending" {
  return outcome === "rejected" ? "declined" : outcome;
}

/** The legal request as X shows it (GET and webhooks). */
function render(submission: MockSubmission, view: SubmissionView): Record<string, unknown> {
  const body = submission.body as z.infer<typeof SubmitBody>;
  return {
    id: submission.ref,
    status: view.state,
    request_type: body.request_type,
    agency_reference: body.agency_reference,
    created_at: iso(submission.createdAt),
    updated_at: iso(view.since),
    ...(view.state === "declined" ? { decline_reason: view.reason } : {}),
    ...(view.state === "info_requested" ? { info_request: { message: view.reason } } : {}),
    ...(view.state === "withdrawn"
      ? { withdrawal: { reason: view.reason, withdrawn_at: iso(view.since) } }
      : {}),
    // A preservation carried out runs for the period asked, from the decision.
    ...(body.preservation && (view.state === "actioned" || view.state === "partially_actioned")
      ? { preserved_until: iso(preservationEnd(view.since, body.preservation.preserve_for)) }
      : {}),
    targets: submission.targets.map((target, index) => {
      const { outcome, rejectionReason, detail } = targetDecision(view, index);
      return {
        ...(target.wire as WireTarget),
        decision: decision(outcome),
        ...(rejectionReason ? { decline_reason: rejectionReason } : {}),
        ...renderXOutcome(detail),
      };
    }),
  };
}

/**
 * Creates a mock of the modelled X legal-requests API: `POST /legal-requests` (202), `GET
 * /legal-requests/:id`, `POST /legal-requests/:id/withdrawal`, X's error shape and codes, `x-request-id`
 * and `x-rate-limit-*` headers, and signed webhooks (`mock.webhook(ref)`). Nothing starts at import:
 * pass `mock.handlers` to msw's `setupServer`.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createXAdapter } from "referral-kit/adapters/x";
 * import { createPlatformMock, MOCK_CREDENTIALS } from "referral-kit/testing";
 * import { createPlatformMock } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("x");
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const adapter = createXAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.x });
 * const receipt = await adapter.submit({ request, targets: request.targets }, { idempotencyKey: "req-1:0" });
 * mock.force(receipt.platformRef, "declined", { reason: "no violation found" });
 * ```
 */
export function createXMock(options: MockOptions<"x"> = {}): PlatformMock<MockStates["x"]> {
  const token = options.bearerToken ?? X_MOCK_TOKEN;
  const webhookSecret = options.webhookSecret ?? X_MOCK_WEBHOOK_SECRET;
  const unknown = new Set((options.unknownUsernames ?? []).map((name) => name.toLowerCase()));
  let context: PlatformMockContext<XRequestState> | undefined;

  return definePlatformMock({
    platform: "x",
    baseUrl: options.baseUrl ?? X_MOCK_BASE_URL,
    referencePrefix: "18670000000000",
    states: {
      received: { outcome: "pending" },
      in_review: { outcome: "acknowledged" },
      info_requested: { outcome: "needs-information", reason: true },
      actioned: { outcome: "actioned" },
      partially_actioned: { outcome: "partially-actioned" },
      declined: { outcome: "rejected", reason: true },
      withdrawn: { outcome: "withdrawn", reason: true },
    },
    supports: {
      requestKinds: ["suspend", "remove-content", "restrict-locally", "preserve"],
      targetTypes: ["account", "content"],
      statusPolling: true,
      webhooks: true,
      withdrawal: true,
      maxTargetsPerCall: 10,
    },
    outcomeVocabulary: X_OUTCOME_VOCABULARY,
    scenario: options.scenario ?? defaultScenarios.x,
    seed: options.seed,
    startTime: options.startTime,
    requestIdHeader: "x-request-id",
    secrets: [token, webhookSecret],
    idempotencyConflictStatus: 409,
    authenticate(request) {
      if (request.headers.get("authorization") === `Bearer ${token}`) return undefined;
      return { kind: "unauthorized", status: 401, message: "Could not authenticate you." };
    },
    errorResponse(error) {
      const { code, title } = ERRORS[error.kind];
      const entries = error.details?.length
        ? error.details.map((detail) => ({ code, title, message: detail.message, parameter: detail.path }))
        : [{ code, title, message: error.message }];
      return HttpResponse.json({ errors: entries }, { status: error.status });
    },
    responseHeaders({ operation, error }): Record<string, string> {
      const limit = LIMITS[operation];
      // X sends its window counters on every answer of a counted endpoint, 5xx included: a client must
      // not read the window's reset as the wait of an outage (the toolkit reads it on 429 only).
      if (limit === undefined || !context) return {};
      const now = context.now();
      const windowStart = now - (now % WINDOW_MS);
      const used = context.countCalls({ operation, since: windowStart });
      const remaining = error?.kind === "rate-limit" ? 0 : Math.max(0, limit - used);
      const resetInSeconds =
        error?.kind === "rate-limit" && error.retryAfterSeconds !== undefined
          ? error.retryAfterSeconds
          : Math.ceil((windowStart + WINDOW_MS - now) / 1000);
      return {
        "x-rate-limit-limit": String(limit),
        "x-rate-limit-remaining": String(remaining),
        // Epoch seconds on the wall clock: the client under test reads the wall clock.
        "x-rate-limit-reset": String(Math.ceil(Date.now() / 1000) + resetInSeconds),
      };
    },
    handlers(ctx) {
      context = ctx;
      return xRoutes(ctx, unknown);
    },
    async webhook(submission, view, options) {
      const body = JSON.stringify({
        events: [
          {
            id: `evt_${submission.ref}_${view.since}`,
            type: "legal_request.updated",
            created_at: iso(view.since),
            data: render(submission, view),
          },
        ],
      });
      const timestamp = String(Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0));
      const signature = `sha256=${await hmac("SHA-256", options.secret ?? webhookSecret, `${timestamp}.${body}`)}`;
      const headers = new Headers({ "content-type": "application/json", "x-signature-timestamp": timestamp });
      if (!options.unsigned) headers.set("x-signature", signature);
      // Tampering flips the state, as an attacker forging an "actioned" would.
      const forged = view.state === "actioned" ? "declined" : "actioned";
      const sent = options.tamper ? body.replace(`"status":"${view.state}"`, `"status":"${forged}"`) : body;
      return new Request(options.url ?? "https://agency.example/webhooks/x", {
        method: "POST",
        headers,
        body: sent,
      });
    },
  });
}

/** X's endpoints: legal requests submitted, read and withdrawn. `unknown` usernames are answered `not_found`. */
function xRoutes(ctx: PlatformMockContext<XRequestState>, unknown: ReadonlySet<string>): HttpHandler[] {
  const fail = (kind: MockErrorKind, status: number, message: string) => ctx.error({ kind, status, message });
  const jsonOnly = (request: Request) =>
    request.headers.get("content-type")?.startsWith("application/json")
      ? undefined
      : fail("invalid-request", 400, "Content-Type must be application/json.");

  return [
    ctx.route({ operation: "submit", method: "post", path: "/legal-requests", idempotent: true }, (call) => {
      const notJson = jsonOnly(call.request);
      if (notJson) return notJson;
      const parsed = SubmitBody.safeParse(call.body);
      if (!parsed.success) return ctx.error(invalidRequestError(parsed.error));
      const body = parsed.data;
      const targets: MockTarget[] = body.targets.map((wire) => ({ key: wireKey(wire), wire }));
      call.note({ targets: targets.map((t) => t.key) });
      const kind = REQUEST_TYPES[body.request_type];
      if (!kind) {
        return fail(
          "unsupported",
          422,
          `request_type ${JSON.stringify(body.request_type)} is not accepted through this channel.`,
        );
      }
      const missing =
        kind === "restrict-locally" && !body.withheld_in
          ? { path: "withheld_in", message: "withheld_in is required for country_withholding" }
          : (kind === "preserve") !== (body.preservation !== undefined)
            ? {
                path: "preservation",
                message:
                  kind === "preserve"
                    ? "preservation is required for preservation"
                    : "preservation is only for preservation",
              }
            : undefined;
      if (missing) {
        return ctx.error(
          invalidRequestError(
            new z.ZodError([
              { code: "custom", path: [missing.path], message: missing.message, input: undefined },
            ]),
          ),
        );
      }
      if (body.evidence.some((item) => item.target_index >= body.targets.length)) {
        return fail("invalid-request", 400, "evidence.target_index points past the targets.");
      }
      // X flags a target another open request of the agency already names (it still takes the request).
      const open = (key: string) => ctx.submissionsNaming(key).find((s) => !s.withdrawn);
      const submission = ctx.createSubmission({
        targets,
        body,
        idempotencyKey: call.idempotencyKey,
        kind,
        country: requestingCountry(
          body.withheld_in,
          body.legal_basis.jurisdiction,
          body.issuing_authority.country,
        ),
      });
      call.note({ platformRef: submission.ref });
      return HttpResponse.json(
        {
          data: {
            id: submission.ref,
            status: ctx.view(submission).state,
            request_type: body.request_type,
            created_at: iso(submission.createdAt),
            targets: body.targets.map((wire, index) => {
              const key = targets[index]?.key ?? "";
              const name = "username" in wire ? wire.username.toLowerCase() : undefined;
              if (name && unknown.has(name)) return { ...wire, result: "not_found" };
              const existing = open(key);
              return existing && existing.ref !== submission.ref
                ? { ...wire, result: "duplicate", existing_request_id: existing.ref }
                : { ...wire, result: "accepted" };
            }),
          },
        },
        { status: 202 },
      );
    }),
    ctx.route({ operation: "status", method: "get", path: "/legal-requests/:id" }, (call) => {
      const submission = ctx.submission(call.params.id ?? "");
      if (!submission) return fail("not-found", 404, `No legal request with id ${call.params.id}.`);
      call.noteSubmission(submission);
      return HttpResponse.json({ data: render(submission, ctx.view(submission)) });
    }),
    ctx.route(
      { operation: "withdraw", method: "post", path: "/legal-requests/:id/withdrawal", idempotent: true },
      (call) => {
        const notJson = jsonOnly(call.request);
        if (notJson) return notJson;
        const submission = ctx.submission(call.params.id ?? "");
        if (!submission) return fail("not-found", 404, `No legal request with id ${call.params.id}.`);
        call.noteSubmission(submission);
        const parsed = WithdrawBody.safeParse(call.body);
        if (!parsed.success) return ctx.error(invalidRequestError(parsed.error));
        const view = ctx.view(submission);
        if (
          view.outcome !== "pending" &&
          view.outcome !== "acknowledged" &&
          view.outcome !== "needs-information" &&
          view.outcome !== "withdrawn"
        ) {
          return fail("conflict", 409, `The legal request is already ${view.state} and cannot be withdrawn.`);
        }
        const withdrawn = ctx.withdraw(submission, parsed.data.reason);
        return HttpResponse.json({
          data: {
            id: withdrawn.ref,
            status: "withdrawn",
            withdrawn_at: iso(withdrawn.withdrawn?.at ?? ctx.now()),
          },
        });
      },
    ),
  ];
}
