/**
 * A mock of the modelled WhatsApp enforcement-requests protocol (docs/wire/whatsapp.md): what the
 * WhatsApp adapter talks to in tests, and what the conformance suite runs it against. It checks what it
 * receives as the platform would (system-user token, JSON body, field by field, no private content) and
 * answers in WhatsApp's own `{ meta, errors }` shape.
 */
import { HttpResponse } from "msw";
import { z } from "zod";
import type { RequestKind } from "../../domain/schemas/request.js";
import { targetKey } from "../../domain/targets/target-key.js";
import { definePlatformMock } from "../mock/define-platform-mock.js";
import { invalidRequestError } from "../mock/invalid-request.js";
import { preservationBodySchema, preservationEnd, wireProductionFiles } from "../mock/kind-wire.js";
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
import { renderWhatsAppOutcome, WHATSAPP_OUTCOME_VOCABULARY } from "./whatsapp-outcomes.js";

/**
 * The modelled WhatsApp base URL (an `.example` host: this is not a real WhatsApp API).
 *
 * @example
 * ```ts
 * createWhatsAppAdapter({ baseUrl: WHATSAPP_MOCK_BASE_URL, accessToken: WHATSAPP_MOCK_TOKEN });
 * ```
 */
export const WHATSAPP_MOCK_BASE_URL = "https://gov-requests.whatsapp.example/v1";
/**
 * The system-user access token the WhatsApp mock accepts unless told otherwise.
 *
 * @example
 * ```ts
 * runAdapterConformance({ ..., secrets: [WHATSAPP_MOCK_TOKEN] });
 * ```
 */
export const WHATSAPP_MOCK_TOKEN = "wa-mock-system-user-token-0123456789";

const REQUEST_TYPES: Readonly<Record<string, RequestKind>> = {
  account_ban: "suspend",
  channel_content_removal: "remove-content",
  preservation: "preserve",
  data_disclosure: "disclose-data",
};

const META = { api_status: "stable", version: "1.0.0" } as const;

const Phone = z.string().regex(/^\+[1-9]\d{7,14}$/, "a phone number is E.164: + and 8 to 15 digits");
const ChannelId = z.string().regex(/^[A-Za-z0-9]{10,64}$/, "a channel id is 10 to 64 letters or digits");
const Seconds = z.string().regex(/^\d{1,12}$/, "a time is Unix seconds as a string");

const DataCategory = z.enum(["subscriber", "non_content", "content"]);
const Instrument = z.enum([
  "domestic_order",
  "mlat",
  "letter_rogatory",
  "emergency_disclosure",
  "european_production_order",
]);

const DataRequest = z.strictObject({
  instrument: Instrument,
  instrument_reference: z.string().min(1).max(200).optional(),
  data_categories: z.array(DataCategory).min(1),
  accounts: z.array(z.string().min(1).max(300)).min(1),
  period: z.strictObject({ from: Seconds, to: Seconds }).optional(),
  statement_of_reasons: z.string().min(1).max(10_000),
  do_not_notify: z
    .strictObject({ reason: z.string().min(1).max(2000), until: Seconds.optional() })
    .optional(),
  emergency: z
    .strictObject({
      harm: z.enum(["death", "serious_physical_injury"]),
      justification: z.string().min(1).max(10_000),
    })
    .optional(),
});

const Preservation = preservationBodySchema(DataCategory, Instrument);

const WireTarget = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("phone"), phone: Phone }),
  z.strictObject({ type: z.literal("channel"), channel_id: ChannelId }),
  z.strictObject({
    type: z.literal("channel_message"),
    channel_id: ChannelId,
    message_id: z.string().regex(/^\d{1,15}$/),
  }),
]);
type WireTarget = z.infer<typeof WireTarget>;

const SubmitBody = z.strictObject({
  type: z.enum(Object.keys(REQUEST_TYPES) as [string, ...string[]]),
  urgency: z.enum(["normal", "emergency"]),
  agency: z.strictObject({
    reference: z.string().min(1).max(200),
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
  respond_by: Seconds.optional(),
  targets: z.array(WireTarget).min(1).max(20, "at most 20 targets per enforcement request"),
  evidence: z.array(
    z.strictObject({
      target_index: z.number().int().nonnegative(),
      url: z.url(),
      captured_at: Seconds,
      sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 is 64 lower-case hex digits"),
      note: z.string().max(2000).optional(),
    }),
  ),
  note: z.string().max(5000).optional(),
  data_request: DataRequest.optional(),
  preservation: Preservation.optional(),
});
type SubmitBody = z.infer<typeof SubmitBody>;

/** WhatsApp's error codes (modelled), by error kind. */
const ERRORS: Readonly<Record<MockErrorKind, { code: number; title: string }>> = {
  unauthorized: { code: 1002, title: "Invalid access token" },
  "expired-token": { code: 1003, title: "Access token expired" },
  forbidden: { code: 1005, title: "Access denied" },
  "rate-limit": { code: 1015, title: "Too many requests" },
  "server-error": { code: 1014, title: "Internal error" },
  "idempotency-conflict": { code: 1032, title: "Idempotency key reused" },
  "invalid-request": { code: 1009, title: "Parameter value is not valid" },
  "not-found": { code: 1006, title: "Resource not found" },
  conflict: { code: 1010, title: "Conflict" },
  unsupported: { code: 1026, title: "Target not actionable" },
};

/** The `targetKey` of a wire target, as WhatsApp reads it. */
function wireKey(wire: WireTarget): string {
  switch (wire.type) {
    case "phone":
      return targetKey({
        type: "account",
        account: { kind: "phone", platform: "whatsapp", phone: wire.phone },
      });
    case "channel":
      return targetKey({
        type: "account",
        account: { kind: "channel", platform: "whatsapp", code: wire.channel_id },
      });
    case "channel_message":
      return targetKey({
        type: "content",
        platform: "whatsapp",
        kind: "message",
        id: wire.message_id,
        account: { kind: "channel", platform: "whatsapp", code: wire.channel_id },
      });
  }
}

const seconds = (ms: number) => String(Math.floor(ms / 1000));

const OUTCOMES = { actioned: "enforced", rejected: "not_enforced", pending: "pending" } as const;

/** What WhatsApp refuses in a valid body: a disclosure or preservation without its fields, message content. */
function kindBodyProblem(body: SubmitBody): { kind: MockErrorKind; message: string } | undefined {
  const invalid = (message: string) => ({ kind: "invalid-request" as const, message });
  if ((body.type === "data_disclosure") !== (body.data_request !== undefined)) {
    return invalid("data_request goes with type data_disclosure, and only with it.");
  }
  if ((body.type === "preservation") !== (body.preservation !== undefined)) {
    return invalid("preservation goes with type preservation, and only with it.");
  }
  if (body.data_request?.instrument === "emergency_disclosure" && !body.data_request.emergency) {
    return invalid(
      "data_request.emergency (the threat-to-life justification) is required for emergency_disclosure.",
    );
  }
  const categories = [
    ...(body.data_request?.data_categories ?? []),
    ...(body.preservation?.data_categories ?? []),
  ];
  if (categories.includes("content")) {
    return {
      kind: "unsupported",
      message:
        "data_categories: message content is end-to-end encrypted; WhatsApp holds none to preserve or disclose.",
    };
  }
  return undefined;
}

/** A decided disclosure's or preservation's fields, once WhatsApp has enforced it. */
function kindFields(
  body: SubmitBody,
  ref: string,
  view: SubmissionView,
  noRecords: ReadonlySet<string>,
): Record<string, unknown> {
  if (view.state !== "enforced" && view.state !== "partially_enforced") return {};
  if (body.data_request) {
    const held = body.data_request.accounts.filter((account) => !noRecords.has(account));
    if (held.length === 0) return { data_result: "no_records" };
    return {
      data_result: "produced",
      production: {
        id: `prod-${ref}`,
        files: wireProductionFiles(ref, body.data_request.data_categories, held),
      },
    };
  }
  if (body.preservation) {
    return { preserved_until: seconds(preservationEnd(view.since, body.preservation.preserve_for)) };
  }
  return {};
}

/** The enforcement request as WhatsApp shows it. */
function render(
  submission: MockSubmission,
  view: SubmissionView,
  noRecords: ReadonlySet<string>,
): Record<string, unknown> {
  const detailed =
    view.state === "declined" || view.state === "info_required" || view.state === "not_actionable";
  return {
    id: submission.ref,
    status: view.state,
    type: (submission.body as SubmitBody).type,
    created_at: seconds(submission.createdAt),
    updated_at: seconds(view.since),
    ...(detailed && view.reason ? { status_detail: view.reason } : {}),
    targets: submission.targets.map((target, index) => {
      const { outcome, rejectionReason, detail } = targetDecision(view, index);
      return {
        ...(target.wire as WireTarget),
        outcome: OUTCOMES[outcome],
        ...(rejectionReason ? { reason: rejectionReason } : {}),
        ...renderWhatsAppOutcome(detail),
      };
    }),
    ...kindFields(submission.body as SubmitBody, submission.ref, view, noRecords),
  };
}

/**
 * Creates a mock of the modelled WhatsApp enforcement-requests API: `POST /enforcement_requests` (201,
 * intake result per target, `X-Idempotency-Key`), `GET /enforcement_requests/{id}`, WhatsApp's `{ meta,
 * errors }` body with its codes, `x-wa-request-id`, Unix-second times. No webhooks, no withdrawal.
 * `channel_content_removal` of anything but a channel message is refused (code 1026), as is any private
 * content. Default scenario: `defaultScenarios.whatsapp` (illustrative: about 30% actioned). Nothing
 * starts at import: pass `mock.handlers` to msw's `setupServer`.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
 * import { createPlatformMock, MOCK_CREDENTIALS } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("whatsapp");
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const adapter = createWhatsAppAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.whatsapp });
 * const receipt = await adapter.submit({ request, targets: request.targets }, { idempotencyKey: "req-1:0" });
 * mock.force(receipt.platformRef, "declined", { reason: "no violation found" });
 * ```
 */
export function createWhatsAppMock(
  options: MockOptions<"whatsapp"> = {},
): PlatformMock<MockStates["whatsapp"]> {
  const token = options.accessToken ?? WHATSAPP_MOCK_TOKEN;
  const unregistered = new Set(options.unregisteredNumbers ?? []);
  const noRecords = new Set(options.noRecords ?? []);

  return definePlatformMock({
    platform: "whatsapp",
    baseUrl: options.baseUrl ?? WHATSAPP_MOCK_BASE_URL,
    referencePrefix: "wa-er-",
    states: {
      received: { outcome: "pending" },
      in_review: { outcome: "acknowledged" },
      info_required: { outcome: "needs-information", reason: true },
      enforced: { outcome: "actioned" },
      partially_enforced: { outcome: "partially-actioned" },
      declined: { outcome: "rejected", reason: true },
      not_actionable: { outcome: "rejected", reason: true },
    },
    supports: {
      requestKinds: ["suspend", "remove-content", "preserve", "disclose-data"],
      targetTypes: ["account", "content"],
      statusPolling: true,
      webhooks: false,
      withdrawal: false,
      maxTargetsPerCall: 20,
    },
    outcomeVocabulary: WHATSAPP_OUTCOME_VOCABULARY,
    scenario: options.scenario ?? defaultScenarios.whatsapp,
    seed: options.seed,
    startTime: options.startTime,
    requestIdHeader: "x-wa-request-id",
    secrets: [token],
    idempotencyConflictStatus: 422,
    idempotencyKey: (request) => request.headers.get("x-idempotency-key") ?? undefined,
    authenticate(request) {
      if (request.headers.get("authorization") === `Bearer ${token}`) return undefined;
      return { kind: "unauthorized", status: 401, message: "The access token is not valid." };
    },
    errorResponse(error) {
      const { code, title } = ERRORS[error.kind];
      const errors = error.details?.length
        ? error.details.map((d) => ({ code, title, details: `${d.path}: ${d.message}` }))
        : [{ code, title, details: error.message }];
      return HttpResponse.json({ meta: META, errors }, { status: error.status });
    },
    handlers(ctx) {
      const fail = (kind: MockErrorKind, status: number, message: string) =>
        ctx.error({ kind, status, message });
      return [
        ctx.route(
          { operation: "submit", method: "post", path: "/enforcement_requests", idempotent: true },
          (call) => {
            if (!call.request.headers.get("content-type")?.startsWith("application/json")) {
              return fail("invalid-request", 400, "Content-Type must be application/json.");
            }
            const parsed = SubmitBody.safeParse(call.body);
            if (!parsed.success) return ctx.error(invalidRequestError(parsed.error));
            const body = parsed.data;
            const targets: MockTarget[] = body.targets.map((wire) => ({ key: wireKey(wire), wire }));
            call.note({ targets: targets.map((t) => t.key) });
            if (body.evidence.some((e) => e.target_index >= body.targets.length)) {
              return fail("invalid-request", 400, "evidence.target_index points past the targets.");
            }
            const problem = kindBodyProblem(body);
            if (problem)
              return fail(problem.kind, problem.kind === "unsupported" ? 422 : 400, problem.message);
            const notMessage = body.targets.findIndex((t) => t.type !== "channel_message");
            if (body.type === "channel_content_removal" && notMessage !== -1) {
              return fail(
                "unsupported",
                422,
                `targets.${notMessage}: channel_content_removal takes channel messages; private chats are end-to-end encrypted.`,
              );
            }
            const open = (key: string) =>
              ctx.submissionsNaming(key).find((s) => ctx.view(s).outcome !== "rejected");
            const existing = targets.map((t) => open(t.key)?.ref);
            const submission = ctx.createSubmission({
              targets,
              body,
              idempotencyKey: call.idempotencyKey,
              kind: REQUEST_TYPES[body.type],
            });
            call.note({ platformRef: submission.ref });
            return HttpResponse.json(
              {
                meta: META,
                enforcement_requests: [
                  {
                    id: submission.ref,
                    status: ctx.view(submission).state,
                    created_at: seconds(submission.createdAt),
                    targets: body.targets.map((wire, index) => {
                      const input = wire.type === "phone" ? wire.phone : wire.channel_id;
                      if (wire.type === "phone" && unregistered.has(wire.phone)) {
                        return {
                          input,
                          status: "invalid",
                          error: "This number is not registered on WhatsApp.",
                        };
                      }
                      const earlier = existing[index];
                      if (earlier) return { input, status: "duplicate", existing_request_id: earlier };
                      return {
                        input,
                        status: "valid",
                        ...(wire.type === "phone" ? { wa_id: wire.phone.slice(1) } : {}),
                      };
                    }),
                  },
                ],
              },
              { status: 201 },
            );
          },
        ),
        ctx.route({ operation: "status", method: "get", path: "/enforcement_requests/:id" }, (call) => {
          const submission = ctx.submission(call.params.id ?? "");
          if (!submission) return fail("not-found", 404, `No enforcement request with id ${call.params.id}.`);
          call.noteSubmission(submission);
          return HttpResponse.json({
            meta: META,
            enforcement_requests: [render(submission, ctx.view(submission), noRecords)],
          });
        }),
      ];
    },
  });
}
