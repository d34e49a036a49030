/**
 * A mock of the modelled TikTok government-requests protocol (docs/wire/tiktok.md): what the TikTok
 * adapter talks to in tests, and what the conformance suite runs it against. It verifies every call's
 * HMAC signature and timestamp, validates bodies field by field, pages per-target results with a cursor,
 * and answers in TikTok's envelope `{ code, message, request_id, data }`: business errors on HTTP 200
 * with a non-zero code, gateway errors (signature, rate limit, outage) with their HTTP status.
 */
import { createHmac } from "node:crypto";
import { type HttpHandler, HttpResponse } from "msw";
import { z } from "zod";
import { defaultCanonicalString, timingSafeEqual } from "../../adapter/http/auth/hmac.js";
import type { RequestKind } from "../../domain/schemas/request.js";
import { definePlatformMock, type PlatformMockContext } from "../mock/define-platform-mock.js";
import { invalidRequestError } from "../mock/invalid-request.js";
import { preservationBodySchema, preservationEnd } from "../mock/kind-wire.js";
import { requestingCountry } from "../mock/outcome-detail.js";
import { targetDecision } from "../mock/target-decision.js";
import type { MockError, MockErrorKind, MockSubmission, MockTarget, PlatformMock } from "../mock/types.js";
import { defaultScenarios } from "../scenarios.js";
import type { MockOptions, MockStates } from "./options.js";
import { renderTikTokOutcome, TIKTOK_OUTCOME_VOCABULARY } from "./tiktok-outcomes.js";

type TikTokRequestState = MockStates["tiktok"];

/**
 * The modelled TikTok base URL (an `.example` host: this is not a real TikTok API).
 *
 * @example
 * ```ts
 * createTikTokAdapter({ baseUrl: TIKTOK_MOCK_BASE_URL, appKey: TIKTOK_MOCK_APP_KEY, appSecret: TIKTOK_MOCK_APP_SECRET });
 * ```
 */
export const TIKTOK_MOCK_BASE_URL = "https://open.gov-requests.tiktok.example/v2";
/**
 * The app key the TikTok mock accepts unless told otherwise.
 *
 * @example
 * ```ts
 * createPlatformMock("tiktok", { appKey: TIKTOK_MOCK_APP_KEY });
 * ```
 */
export const TIKTOK_MOCK_APP_KEY = "tt-mock-app-key";
/**
 * The app secret the TikTok mock verifies signatures with unless told otherwise.
 *
 * @example
 * ```ts
 * const secrets = [TIKTOK_MOCK_APP_SECRET];
 * ```
 */
export const TIKTOK_MOCK_APP_SECRET = "tt-mock-app-secret-0123456789abcdef";

const REQUEST_TYPES: Readonly<Record<string, RequestKind>> = {
  ACCOUNT_BAN: "suspend",
  CONTENT_REMOVAL: "remove-content",
  GEO_RESTRICTION: "restrict-locally",
  DATA_PRESERVATION: "preserve",
};

const MAX_TARGETS = 50;
const DEFAULT_PAGE_SIZE = 20;
const TIMESTAMP_HEADER = "x-tt-timestamp";

const Handle = z.string().regex(/^[A-Za-z0-9_.]{2,24}$/, "a unique_id is 2 to 24 letters, digits, _ or .");
const Digits = z.string().regex(/^\d{1,20}$/, "an id is 1 to 20 digits");
const Unix = z.number().int().positive();

const WireTarget = z.union([
  z.strictObject({ target_type: z.literal("USER"), unique_id: Handle }),
  z.strictObject({ target_type: z.literal("USER"), user_id: Digits }),
  z.strictObject({ target_type: z.enum(["VIDEO", "PHOTO"]), item_id: Digits, unique_id: Handle.optional() }),
]);
type WireTarget = z.infer<typeof WireTarget>;

const Preservation = preservationBodySchema(
  z.enum(["BASIC_SUBSCRIBER", "NON_CONTENT", "CONTENT"]),
  z.enum(["DOMESTIC_ORDER", "MLAT", "LETTER_ROGATORY", "EMERGENCY_DISCLOSURE", "EUROPEAN_PRODUCTION_ORDER"]),
);

const SubmitBody = z.strictObject({
  request_type: z.string().min(1),
  priority: z.enum(["NORMAL", "URGENT"]),
  external_reference: z.string().min(1).max(200),
  agency: z.strictObject({
    name: z.string().min(1).max(500),
    country: z.string().length(2).optional(),
    unit: z.string().min(1).max(500).optional(),
    contact: z.string().min(1).max(500).optional(),
  }),
  legal_basis: z.strictObject({
    law: z.string().min(1).max(500),
    article: z.string().min(1).max(200),
    jurisdiction: z.string().min(2).max(10).optional(),
  }),
  designations: z.array(
    z.strictObject({
      group_id: z.string().min(1),
      authority: z.string().min(1),
      reference: z.string().optional(),
    }),
  ),
  deadline: Unix.optional(),
  region_code: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  targets: z.array(WireTarget).min(1).max(MAX_TARGETS, `at most ${MAX_TARGETS} targets per legal request`),
  evidence: z.array(
    z.strictObject({
      target_index: z.number().int().nonnegative(),
      url: z.url(),
      capture_time: Unix,
      sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 is 64 lower-case hex digits"),
      note: z.string().max(2000).optional(),
    }),
  ),
  remark: z.string().max(5000).optional(),
  preservation: Preservation.optional(),
});

/** The preservation a submission asked for, if it is one. */
const preservationOf = (submission: MockSubmission) =>
  (submission.body as z.infer<typeof SubmitBody>).preservation;

const CancelBody = z.strictObject({ reason: z.string().min(1).max(5000) });

/** TikTok's error codes (modelled) by error kind, and the HTTP status each travels with. */
const CODES: Readonly<Record<MockErrorKind, { code: number; http: number | "own" }>> = {
  unauthorized: { code: 40101, http: 401 },
  "expired-token": { code: 40103, http: 401 },
  "rate-limit": { code: 40100, http: 429 },
  "server-error": { code: 50000, http: "own" },
  // Business errors: TikTok answers them with HTTP 200 and the code in the envelope.
  forbidden: { code: 40300, http: 200 },
  "invalid-request": { code: 40001, http: 200 },
  unsupported: { code: 40002, http: 200 },
  "idempotency-conflict": { code: 40004, http: 200 },
  conflict: { code: 40009, http: 200 },
  "not-found": { code: 40400, http: 200 },
};

/** A stale timestamp is told apart from a bad signature by the field it names. */
function codeFor(error: MockError): number {
  if (error.kind === "unauthorized" && error.details?.[0]?.path === "X-TT-Timestamp") return 40102;
  if (error.kind === "server-error" && error.status === 503) return 50002;
  return CODES[error.kind].code;
}

/** TikTok's error envelope for an error. */
function envelope(error: MockError, requestId: string): Response {
  const { http: status } = CODES[error.kind];
  return HttpResponse.json(
    { code: codeFor(error), message: error.message, request_id: requestId, data: {} },
    { status: status === "own" ? error.status : status },
  );
}

const ok = (data: unknown, requestId: string) =>
  HttpResponse.json({ code: 0, message: "OK", request_id: requestId, data });

/** The key a wire target has in `targetKey` form. */
function wireKey(target: WireTarget): string {
  if (target.target_type === "USER") {
    return "unique_id" in target ? `tiktok:${target.unique_id.toLowerCase()}` : `tiktok:id:${target.user_id}`;
  }
  const segment = target.target_type === "VIDEO" ? "video" : "photo";
  return target.unique_id
    ? `tiktok:${target.unique_id.toLowerCase()}/${segment}/${target.item_id}`
    : `tiktok:${segment}/${target.item_id}`;
}

const unix = (ms: number) => Math.floor(ms / 1000);

/** The opaque cursor: the offset of the next page, base64url-encoded. */
const encodeCursor = (offset: number) =>
  btoa(JSON.stringify({ o: offset }))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
function decodeCursor(cursor: string): number | undefined {
  try {
    const value = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/"))) as { o?: unknown };
    return typeof value.o === "number" && Number.isInteger(value.o) && value.o >= 0 ? value.o : undefined;
  } catch {
    return undefined;
  }
}

/** Lower-case hex HMAC-SHA256 under `secret`, as `hmac("SHA-256", secret, data)` computes it. */
function hmacSha256Hex(secret: string): (data: string) => Promise<string> {
  return async (data) => createHmac("sha256", secret).update(data, "utf8").digest("hex");
}

/** Checks app key, timestamp window and signature, as TikTok's gateway does. */
async function verify(
  request: Request,
  rawBody: string,
  credentials: {
    appKey: string;
    toleranceSeconds: number;
    sign: (data: string) => Promise<string>;
  },
): Promise<MockError | undefined> {
  const refuse = (message: string, field?: string): MockError => ({
    kind: "unauthorized",
    status: 401,
    message,
    ...(field ? { details: [{ path: field, message }] } : {}),
  });
  const appKey = request.headers.get("x-tt-app-key");
  const timestamp = request.headers.get(TIMESTAMP_HEADER);
  const signature = request.headers.get("x-tt-signature");
  if (!appKey || !timestamp || !signature)
    return refuse("Missing X-TT-App-Key, X-TT-Timestamp or X-TT-Signature.");
  if (appKey !== credentials.appKey) return refuse("Invalid app key.");
  if (!/^\d{1,12}$/.test(timestamp)) return refuse("Malformed timestamp.", "X-TT-Timestamp");
  // The gateway's clock is the real one: the virtual clock only drives review decisions.
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > credentials.toleranceSeconds) {
    return refuse(
      `Timestamp expired: outside the ${credentials.toleranceSeconds} s window.`,
      "X-TT-Timestamp",
    );
  }
  const url = new URL(request.url);
  const canonical = `${appKey}\n${await defaultCanonicalString({
    method: request.method.toUpperCase(),
    pathAndQuery: `${url.pathname}${url.search}`,
    timestamp,
    body: rawBody,
  })}`;
  const expected = await credentials.sign(canonical);
  return timingSafeEqual(expected, signature) ? undefined : refuse("Signature verification failed.");
}

/**
 * Creates a mock of the modelled TikTok government-requests API: `POST /legal/requests` (up to 50
 * targets, per-target results), `GET /legal/requests/:id/targets` (cursor pages), `POST
 * /legal/requests/:id/cancel`, HMAC signature and timestamp checks, TikTok's envelope and codes, and
 * `x-tt-logid`. Nothing starts at import: pass `mock.handlers` to msw's `setupServer`.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
 * import { createPlatformMock, MOCK_CREDENTIALS } from "referral-kit/testing";
 * import { createPlatformMock } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("tiktok");
 * setupServer(...mock.handlers).listen();
 * const adapter = createTikTokAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.tiktok });
 * const receipt = await adapter.submit({ request, targets: request.targets }, { idempotencyKey: "req-1:0" });
 * mock.force(receipt.platformRef, "COMPLETED");
 * ```
 */
export function createTikTokMock(options: MockOptions<"tiktok"> = {}): PlatformMock<MockStates["tiktok"]> {
  const appSecret = options.appSecret ?? TIKTOK_MOCK_APP_SECRET;
  const credentials = {
    appKey: options.appKey ?? TIKTOK_MOCK_APP_KEY,
    toleranceSeconds: options.timestampToleranceSeconds ?? 300,
    // The app secret's key, imported once for this mock.
    sign: hmacSha256Hex(appSecret),
  };
  const baseUrl = (options.baseUrl ?? TIKTOK_MOCK_BASE_URL).replace(/\/+$/, "");
  const unknown = new Set((options.unknownUsers ?? []).map((name) => name.toLowerCase()));

  return definePlatformMock({
    platform: "tiktok",
    baseUrl,
    referencePrefix: "730100000000000",
    states: {
      SUBMITTED: { outcome: "pending" },
      UNDER_REVIEW: { outcome: "acknowledged" },
      PENDING_INFO: { outcome: "needs-information", reason: true },
      COMPLETED: { outcome: "actioned" },
      PARTIALLY_COMPLETED: { outcome: "partially-actioned" },
      REJECTED: { outcome: "rejected", reason: true },
      CANCELLED: { outcome: "withdrawn", reason: true },
    },
    supports: {
      requestKinds: ["suspend", "remove-content", "restrict-locally", "preserve"],
      targetTypes: ["account", "content"],
      statusPolling: true,
      webhooks: false,
      withdrawal: true,
      maxTargetsPerCall: MAX_TARGETS,
    },
    outcomeVocabulary: TIKTOK_OUTCOME_VOCABULARY,
    scenario: options.scenario ?? defaultScenarios.tiktok,
    seed: options.seed,
    startTime: options.startTime,
    requestIdHeader: "x-tt-logid",
    secrets: [appSecret],
    idempotencyKey: (request) => request.headers.get("x-tt-idempotency-key") ?? undefined,
    // The signature covers the exact body the framework read once for us.
    authenticate: (request, { rawBody }) => verify(request, rawBody, credentials),
    // TikTok's request_id in the body is the x-tt-logid of the same answer.
    errorResponse: (error, { requestId }) => envelope(error, requestId),
    handlers(ctx) {
      return tiktokRoutes(ctx, unknown);
    },
  });
}

/** TikTok's endpoints: legal requests submitted, read and withdrawn, each in its envelope; `unknown` users are INVALID. */
function tiktokRoutes(
  ctx: PlatformMockContext<TikTokRequestState>,
  unknown: ReadonlySet<string>,
): HttpHandler[] {
  const fail = (kind: MockErrorKind, message: string, requestId: string) =>
    envelope({ kind, status: 400, message }, requestId);
  const found = (id: string | undefined): MockSubmission | undefined => ctx.submission(id ?? "");

  return [
    ctx.route({ operation: "submit", method: "post", path: "/legal/requests", idempotent: true }, (call) => {
      const parsed = SubmitBody.safeParse(call.body);
      if (!parsed.success)
        return envelope(invalidRequestError(parsed.error, { details: false }), call.requestId);
      const body = parsed.data;
      const targets: MockTarget[] = body.targets.map((wire) => ({ key: wireKey(wire), wire }));
      call.note({ targets: targets.map((t) => t.key) });
      const kind = REQUEST_TYPES[body.request_type];
      if (!kind) {
        return fail(
          "unsupported",
          `request_type ${body.request_type} is not accepted on this channel.`,
          call.requestId,
        );
      }
      if (kind === "restrict-locally" && !body.region_code) {
        return fail("invalid-request", "region_code is required for GEO_RESTRICTION.", call.requestId);
      }
      if ((kind === "preserve") !== (body.preservation !== undefined)) {
        const message =
          kind === "preserve"
            ? "preservation is required for DATA_PRESERVATION."
            : "preservation is only for DATA_PRESERVATION.";
        return fail("invalid-request", message, call.requestId);
      }
      if (body.evidence.some((item) => item.target_index >= body.targets.length)) {
        return fail("invalid-request", "evidence.target_index points past the targets.", call.requestId);
      }
      const open = (key: string) => ctx.submissionsNaming(key).find((s) => !s.withdrawn);
      const earlier = targets.map((t) => open(t.key));
      const submission = ctx.createSubmission({
        targets,
        body,
        idempotencyKey: call.idempotencyKey,
        kind,
        country: requestingCountry(body.region_code, body.legal_basis.jurisdiction, body.agency.country),
      });
      call.note({ platformRef: submission.ref });
      return ok(
        {
          legal_request_id: submission.ref,
          status: ctx.view(submission).state,
          create_time: unix(submission.createdAt),
          targets: body.targets.map((wire, index) => {
            const handle =
              "unique_id" in wire && wire.target_type === "USER" ? wire.unique_id.toLowerCase() : undefined;
            if (handle && unknown.has(handle)) {
              return { target_index: index, result: "INVALID", reason: "user does not exist" };
            }
            const existing = earlier[index];
            return existing
              ? { target_index: index, result: "DUPLICATE", existing_legal_request_id: existing.ref }
              : { target_index: index, result: "ACCEPTED" };
          }),
        },
        call.requestId,
      );
    }),
    ctx.route({ operation: "status", method: "get", path: "/legal/requests/:id/targets" }, (call) => {
      const submission = found(call.params.id);
      if (!submission) return fail("not-found", `legal request ${call.params.id} not found.`, call.requestId);
      const query = new URL(call.request.url).searchParams;
      const size = Number(query.get("page_size") ?? DEFAULT_PAGE_SIZE);
      if (!Number.isInteger(size) || size < 1 || size > 100) {
        return fail("invalid-request", "page_size must be an integer from 1 to 100.", call.requestId);
      }
      const cursor = query.get("cursor");
      const offset = cursor === null || cursor === "" ? 0 : decodeCursor(cursor);
      if (offset === undefined) return fail("invalid-request", "cursor is invalid.", call.requestId);
      const view = ctx.view(submission);
      const preservation = preservationOf(submission);
      const slice = submission.targets.slice(offset, offset + size);
      call.note({ platformRef: submission.ref, targets: slice.map((t) => t.key) });
      const next = offset + slice.length;
      const hasMore = next < submission.targets.length;
      return ok(
        {
          legal_request: {
            legal_request_id: submission.ref,
            status: view.state,
            create_time: unix(submission.createdAt),
            update_time: unix(view.since),
            ...(view.reason && ["REJECTED", "PENDING_INFO", "CANCELLED"].includes(view.state)
              ? { status_reason: view.reason }
              : {}),
            // A preservation carried out runs for the period asked, from the decision.
            ...(preservation && (view.state === "COMPLETED" || view.state === "PARTIALLY_COMPLETED")
              ? { preserve_until: unix(preservationEnd(view.since, preservation.preserve_for)) }
              : {}),
          },
          targets: slice.map((target, index) => {
            const { outcome, rejectionReason, detail } = targetDecision(view, offset + index);
            const decision =
              outcome === "actioned" ? "ACTIONED" : outcome === "rejected" ? "NOT_ACTIONED" : "PENDING";
            return {
              target_index: offset + index,
              target: target.wire,
              decision,
              ...(rejectionReason ? { reason: rejectionReason } : {}),
              ...renderTikTokOutcome(detail),
            };
          }),
          has_more: hasMore,
          cursor: hasMore ? encodeCursor(next) : "",
        },
        call.requestId,
      );
    }),
    ctx.route(
      { operation: "withdraw", method: "post", path: "/legal/requests/:id/cancel", idempotent: true },
      (call) => {
        const submission = found(call.params.id);
        if (!submission)
          return fail("not-found", `legal request ${call.params.id} not found.`, call.requestId);
        call.noteSubmission(submission);
        const parsed = CancelBody.safeParse(call.body);
        if (!parsed.success)
          return envelope(invalidRequestError(parsed.error, { details: false }), call.requestId);
        const { outcome, state } = ctx.view(submission);
        if (!["pending", "acknowledged", "needs-information", "withdrawn"].includes(outcome)) {
          return fail(
            "conflict",
            `legal request is ${state} and can no longer be cancelled.`,
            call.requestId,
          );
        }
        const cancelled = ctx.withdraw(submission, parsed.data.reason);
        return ok(
          {
            legal_request_id: cancelled.ref,
            status: "CANCELLED",
            cancel_time: unix(cancelled.withdrawn?.at ?? ctx.now()),
          },
          call.requestId,
        );
      },
    ),
  ];
}
