/**
 * A mock of the modelled Telegram government-reports protocol (docs/wire/telegram.md): what the Telegram
 * adapter talks to in tests, and what the conformance suite runs it against. Bot-API style: methods at
 * `/bot<token>/<method>`, every answer `{ ok: true, result }` or `{ ok: false, error_code, description,
 * parameters? }`, idempotency by `client_report_id`, and report changes served by `getUpdates` with
 * offsets. Public chats only: the mock refuses anything but `@username` chats and their messages.
 */
import { HttpResponse } from "msw";
import { z } from "zod";
import type { RequestKind } from "../../domain/schemas/request.js";
import { definePlatformMock, type PlatformMockContext } from "../mock/define-platform-mock.js";
import { invalidRequestError } from "../mock/invalid-request.js";
import { requestingCountry } from "../mock/outcome-detail.js";
import { targetDecision } from "../mock/target-decision.js";
import type {
  MockError,
  MockErrorKind,
  MockSubmission,
  MockTarget,
  PlatformMock,
  SubmissionView,
} from "../mock/types.js";
import { defaultScenarios } from "../scenarios.js";
import type { MockOptions, MockStates } from "./options.js";
import { renderTelegramOutcome, TELEGRAM_OUTCOME_VOCABULARY } from "./telegram-outcomes.js";

type TelegramReportState = MockStates["telegram"];

/**
 * The modelled Telegram base URL (an `.example` host: this is not a real Telegram API).
 *
 * @example
 * ```ts
 * createTelegramAdapter({ baseUrl: TELEGRAM_MOCK_BASE_URL, botToken: TELEGRAM_MOCK_BOT_TOKEN });
 * ```
 */
export const TELEGRAM_MOCK_BASE_URL = "https://api.gov-requests.telegram.example";
/**
 * The bot token the Telegram mock accepts unless told otherwise (`<bot id>:<secret>`).
 *
 * @example
 * ```ts
 * const secrets = [TELEGRAM_MOCK_BOT_TOKEN];
 * ```
 */
export const TELEGRAM_MOCK_BOT_TOKEN = "7100000001:AAmockTelegramBotToken_0123456789";

const ACTIONS: Readonly<Record<string, RequestKind>> = {
  block: "suspend",
  delete: "remove-content",
  restrict: "restrict-locally",
};

const MAX_ITEMS = 100;
/** Telegram's update ids are large and only ever grow. */
const FIRST_UPDATE_ID = 851_000_001;

const ChatId = z.string().regex(/^@[A-Za-z][A-Za-z0-9_]{3,31}$/, "chat_id is @ and a public username");
const Unix = z.number().int().positive();
const Item = z.strictObject({ chat_id: ChatId, message_id: z.number().int().positive().optional() });
type Item = z.infer<typeof Item>;

const SubmitBody = z.strictObject({
  client_report_id: z.string().min(1).max(255),
  action: z.string().min(1),
  priority: z.enum(["normal", "urgent"]),
  external_reference: z.string().min(1).max(200),
  agency: z.strictObject({
    name: z.string().min(1).max(500),
    country: z.string().length(2).optional(),
    unit: z.string().min(1).max(500).optional(),
    contact: z.string().min(1).max(500).optional(),
  }),
  legal_basis: z.strictObject({
    law: z.string().min(1).max(500),
    section: z.string().min(1).max(200),
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
  country_code: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  items: z.array(Item).min(1).max(MAX_ITEMS, `at most ${MAX_ITEMS} items per report`),
  evidence: z.array(
    z.strictObject({
      item_index: z.number().int().nonnegative(),
      url: z.url(),
      date: Unix,
      sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 is 64 lower-case hex digits"),
    }),
  ),
  comment: z.string().max(5000).optional(),
});
const StatusBody = z.strictObject({ report_id: z.number().int().positive() });
const UpdatesBody = z.strictObject({
  offset: z.number().int().optional(),
  limit: z.number().int().min(1).max(100).optional(),
  timeout: z.number().int().min(0).max(50).optional(),
});

/** Telegram's descriptions start with the status's name. */
const PREFIX: Readonly<Record<MockErrorKind, string>> = {
  unauthorized: "Unauthorized",
  "expired-token": "Unauthorized",
  forbidden: "Forbidden",
  "rate-limit": "Too Many Requests",
  "server-error": "Internal Server Error",
  "idempotency-conflict": "Conflict",
  "invalid-request": "Bad Request",
  "not-found": "Bad Request",
  conflict: "Conflict",
  unsupported: "Bad Request",
};

/** Telegram's `{ ok: false }` envelope; `error_code` is the HTTP status. Not-found is a 400, as Telegram says "Bad Request: chat not found". */
function errorEnvelope(error: MockError): Response {
  const status = error.kind === "not-found" ? 400 : error.kind === "expired-token" ? 401 : error.status;
  const description =
    error.kind === "unauthorized" || error.kind === "expired-token"
      ? "Unauthorized"
      : error.kind === "rate-limit"
        ? `Too Many Requests: retry after ${error.retryAfterSeconds ?? 1}`
        : `${PREFIX[error.kind]}: ${error.message}`;
  return HttpResponse.json(
    {
      ok: false,
      error_code: status,
      description,
      ...(error.retryAfterSeconds === undefined
        ? {}
        : { parameters: { retry_after: error.retryAfterSeconds } }),
    },
    { status },
  );
}

const ok = (result: unknown) => HttpResponse.json({ ok: true, result });
const bad = (message: string): MockError => ({ kind: "invalid-request", status: 400, message });
const unix = (ms: number) => Math.floor(ms / 1000);

function wireKey(item: Item): string {
  const chat = `telegram:${item.chat_id.slice(1).toLowerCase()}`;
  return item.message_id === undefined ? chat : `${chat}/${item.message_id}`;
}

/** The report as `getReportStatus` and `getUpdates` show it. */
function render(submission: MockSubmission, view: SubmissionView): Record<string, unknown> {
  return {
    report_id: Number(submission.ref),
    status: view.state,
    date: unix(submission.createdAt),
    edit_date: unix(view.since),
    ...(view.state === "declined" && view.reason ? { reason: view.reason } : {}),
    items: submission.targets.map((target, index) => {
      const { outcome, rejectionReason, detail } = targetDecision(view, index);
      return {
        ...(target.wire as Item),
        item_index: index,
        status: outcome === "rejected" ? "declined" : outcome,
        ...(rejectionReason ? { reason: rejectionReason } : {}),
        ...renderTelegramOutcome(detail),
      };
    }),
  };
}

/**
 * The update feed: a report's visible state is compared with the last one announced, and each change
 * becomes an update with the next id. Confirmed updates (below the offset asked for) are forgotten.
 */
function createUpdateFeed(ctx: () => PlatformMockContext<TelegramReportState> | undefined) {
  let log: { update_id: number; report: Record<string, unknown> }[] = [];
  let announced = new Map<string, string>();
  let nextId = FIRST_UPDATE_ID;
  return {
    read(offset: number | undefined, limit: number) {
      const context = ctx();
      for (const submission of context?.submissions() ?? []) {
        const view = context?.view(submission);
        if (!view) continue;
        // A new report is announced from its first change: "pending" is what submitReport already said.
        const before = announced.get(submission.ref) ?? "pending";
        if (view.state === before) continue;
        announced.set(submission.ref, view.state);
        log.push({ update_id: nextId++, report: render(submission, view) });
      }
      if (offset !== undefined) log = log.filter((update) => update.update_id >= offset);
      return log.slice(0, limit);
    },
    reset() {
      log = [];
      announced = new Map();
      nextId = FIRST_UPDATE_ID;
    },
  };
}

/**
 * Creates a mock of the modelled Telegram government-reports API: `submitReport`, `getReportStatus` and
 * `getUpdates` at `/bot<token>/<method>`, Telegram's envelopes, descriptions and `retry_after`, idempotency
 * by `client_report_id`, and an update feed with offsets. Recorded paths show the token as `[REDACTED]`.
 * Nothing starts at import: pass `mock.handlers` to msw's `setupServer`.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createTelegramAdapter } from "referral-kit/adapters/telegram";
 * import { createPlatformMock, MOCK_CREDENTIALS } from "referral-kit/testing";
 * import { createPlatformMock } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("telegram");
 * setupServer(...mock.handlers).listen();
 * const telegram = createTelegramAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.telegram });
 * const receipt = await telegram.submit({ request, targets: request.targets }, { idempotencyKey: "req-1:0" });
 * mock.force(receipt.platformRef, "actioned");
 * const { updates, nextOffset } = await telegram.pollUpdates();
 * ```
 */
export function createTelegramMock(
  options: MockOptions<"telegram"> = {},
): PlatformMock<MockStates["telegram"]> {
  const token = options.botToken ?? TELEGRAM_MOCK_BOT_TOKEN;
  const baseUrl = (options.baseUrl ?? TELEGRAM_MOCK_BASE_URL).replace(/\/+$/, "");
  const basePath = new URL(`${baseUrl}/`).pathname;
  const unknown = new Set((options.unknownChats ?? []).map((name) => name.toLowerCase()));
  let context: PlatformMockContext<TelegramReportState> | undefined;
  const feed = createUpdateFeed(() => context);

  const mock = definePlatformMock({
    platform: "telegram",
    baseUrl,
    referencePrefix: "7100",
    states: {
      pending: { outcome: "pending" },
      reviewing: { outcome: "acknowledged" },
      actioned: { outcome: "actioned" },
      partially_actioned: { outcome: "partially-actioned" },
      declined: { outcome: "rejected", reason: true },
    },
    supports: {
      requestKinds: ["suspend", "remove-content", "restrict-locally"],
      targetTypes: ["account", "content"],
      statusPolling: true,
      webhooks: false,
      withdrawal: false,
      maxTargetsPerCall: MAX_ITEMS,
    },
    outcomeVocabulary: TELEGRAM_OUTCOME_VOCABULARY,
    scenario: options.scenario ?? defaultScenarios.telegram,
    seed: options.seed,
    startTime: options.startTime,
    // The token is in every path: the framework redacts it from recorded paths, URLs and headers.
    secrets: [token],
    // Telegram says how long to wait only in the body (`parameters.retry_after`), never in a header.
    retryAfterHeader: false,
    // The update feed is the platform's own state: reset clears it with the rest.
    onReset: () => feed.reset(),
    idempotencyKey: (_request, body) => {
      const key = (body as { client_report_id?: unknown } | undefined)?.client_report_id;
      return typeof key === "string" ? key : undefined;
    },
    authenticate(request) {
      const segment = new URL(request.url).pathname.slice(basePath.length).split("/")[0] ?? "";
      // Telegram answers 404 to a path that is not a bot token at all, 401 to a token it does not know.
      if (!/^bot\d+:[A-Za-z0-9_-]+$/.test(segment))
        return { kind: "not-found", status: 404, message: "Not Found" };
      return segment === `bot${token}`
        ? undefined
        : { kind: "unauthorized", status: 401, message: "Unauthorized" };
    },
    errorResponse(error) {
      // A path that is not a bot token is Telegram's bare 404, not a "report not found".
      if (error.kind === "not-found" && error.status === 404) {
        return HttpResponse.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 });
      }
      return errorEnvelope(error);
    },
    handlers(ctx) {
      context = ctx;
      const fail = (error: MockError) => ctx.error(error);
      return [
        ctx.route(
          { operation: "submit", method: "post", path: "/:bot/submitReport", idempotent: true },
          (call) => {
            const parsed = SubmitBody.safeParse(call.body);
            if (!parsed.success) return fail(invalidRequestError(parsed.error, { details: false }));
            const body = parsed.data;
            const targets: MockTarget[] = body.items.map((wire) => ({ key: wireKey(wire), wire }));
            call.note({ targets: targets.map((t) => t.key) });
            const kind = ACTIONS[body.action];
            if (!kind)
              return fail({
                kind: "unsupported",
                status: 400,
                message: `action "${body.action}" is not supported`,
              });
            // `delete` removes messages: a chat is taken down with `block`, not emptied with `delete`.
            if (kind === "remove-content" && body.items.some((item) => item.message_id === undefined))
              return fail(
                bad("delete takes messages: every item needs a message_id (block takes a chat down)"),
              );
            if (kind === "restrict-locally" && !body.country_code)
              return fail(bad("country_code is required to restrict"));
            if (body.evidence.some((item) => item.item_index >= body.items.length)) {
              return fail(bad("evidence item_index points past the items"));
            }
            const open = (key: string): MockSubmission | undefined => ctx.submissionsNaming(key)[0];
            const earlier = targets.map((t) => open(t.key));
            const submission = ctx.createSubmission({
              targets,
              body,
              idempotencyKey: call.idempotencyKey,
              kind,
              country: requestingCountry(
                body.country_code,
                body.legal_basis.jurisdiction,
                body.agency.country,
              ),
            });
            call.note({ platformRef: submission.ref });
            return ok({
              report_id: Number(submission.ref),
              status: ctx.view(submission).state,
              date: unix(submission.createdAt),
              items: body.items.map((item, index) => {
                if (unknown.has(item.chat_id.slice(1).toLowerCase()))
                  return { item_index: index, result: "chat_not_found" };
                const existing = earlier[index];
                return existing
                  ? { item_index: index, result: "duplicate", duplicate_of: Number(existing.ref) }
                  : { item_index: index, result: "accepted" };
              }),
            });
          },
        ),
        ctx.route({ operation: "status", method: "post", path: "/:bot/getReportStatus" }, (call) => {
          const parsed = StatusBody.safeParse(call.body);
          if (!parsed.success) return fail(invalidRequestError(parsed.error, { details: false }));
          const submission = ctx.submission(String(parsed.data.report_id));
          if (!submission) return fail({ kind: "not-found", status: 400, message: "report not found" });
          call.noteSubmission(submission);
          return ok(render(submission, ctx.view(submission)));
        }),
        ctx.route({ operation: "updates", method: "post", path: "/:bot/getUpdates" }, (call) => {
          const parsed = UpdatesBody.safeParse(call.body ?? {});
          if (!parsed.success) return fail(invalidRequestError(parsed.error, { details: false }));
          return ok(feed.read(parsed.data.offset, parsed.data.limit ?? 100));
        }),
      ];
    },
  });

  return mock;
}
