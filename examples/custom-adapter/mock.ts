/**
 * A mock of the ExampleVideo API, built with `definePlatformMock` from referral-kit/testing: the
 * framework brings records, faults, idempotency, the virtual clock and seeded decisions; this file only
 * says what the platform accepts and how it answers. See docs/testing-adapters.md.
 */
import { HttpResponse } from "msw";
import type { RequestKind } from "referral-kit";
import {
  defaultScenarios,
  definePlatformMock,
  type MockScenario,
  type PlatformMock,
} from "referral-kit/testing";
import { EXAMPLEVIDEO, type EXAMPLEVIDEO_STATES, TakedownBodySchema, wireKey } from "./wire.js";

/**
 * The key the mock accepts. A test value, never a real credential.
 *
 * @example
 * ```ts
 * createExampleVideoAdapter({ baseUrl: mock.baseUrl, apiKey: EXAMPLEVIDEO_MOCK_KEY });
 * ```
 */
export const EXAMPLEVIDEO_MOCK_KEY = "exv-mock-api-key-0123456789";

/**
 * Where the mock answers (an `.example` host: nothing real is ever called).
 *
 * @example
 * ```ts
 * createExampleVideoMock({ baseUrl: EXAMPLEVIDEO_MOCK_BASE_URL });
 * ```
 */
export const EXAMPLEVIDEO_MOCK_BASE_URL = "https://api.examplevideo.example/gov/v1";

const KINDS: Readonly<Record<string, RequestKind>> = { suspend: "suspend", remove: "remove-content" };

/**
 * Options of {@link createExampleVideoMock}.
 *
 * @example
 * ```ts
 * const mock = createExampleVideoMock({ unknownChannels: ["deleted.channel"] });
 * ```
 */
export interface ExampleVideoMockOptions {
  baseUrl?: string;
  apiKey?: string;
  /** Default: X's default scenario, renamed (illustrative numbers; ExampleVideo is fictional). */
  scenario?: MockScenario;
  /** Channels ExampleVideo does not know: their items come back `unknown`. */
  unknownChannels?: readonly string[];
}

/**
 * Creates the ExampleVideo mock: `POST /takedowns` (201, per-item results, `Idempotency-Key`),
 * `GET /takedowns/{id}`, `X-Api-Key` auth, `{ error: { code, message } }` errors.
 *
 * @example
 * ```ts
 * const mock = createExampleVideoMock();
 * const adapter = createExampleVideoAdapter({ baseUrl: mock.baseUrl, apiKey: EXAMPLEVIDEO_MOCK_KEY });
 * ```
 */
export function createExampleVideoMock(
  options: ExampleVideoMockOptions = {},
): PlatformMock<(typeof EXAMPLEVIDEO_STATES)[number]> {
  const apiKey = options.apiKey ?? EXAMPLEVIDEO_MOCK_KEY;
  const unknown = new Set(options.unknownChannels ?? []);
  return definePlatformMock({
    platform: EXAMPLEVIDEO,
    baseUrl: options.baseUrl ?? EXAMPLEVIDEO_MOCK_BASE_URL,
    referencePrefix: "td_",
    // The platform's state names; the first state with an outcome is the one the framework uses for it.
    states: {
      queued: { outcome: "pending" },
      reviewing: { outcome: "acknowledged" },
      needs_info: { outcome: "needs-information", reason: true },
      removed: { outcome: "actioned" },
      partly_removed: { outcome: "partially-actioned" },
      kept: { outcome: "rejected", reason: true },
    },
    supports: {
      requestKinds: ["suspend", "remove-content"],
      targetTypes: ["account", "content"],
      statusPolling: true,
      webhooks: false,
      withdrawal: false,
      maxTargetsPerCall: 20,
    },
    scenario: options.scenario ?? { ...defaultScenarios.x, name: "examplevideo (illustrative)" },
    secrets: [apiKey],
    authenticate: (request) =>
      request.headers.get("x-api-key") === apiKey
        ? undefined
        : { kind: "unauthorized", status: 401, message: "Missing or invalid API key." },
    errorResponse: (error) =>
      HttpResponse.json({ error: { code: error.kind, message: error.message } }, { status: error.status }),
    handlers: (ctx) => [
      ctx.route({ operation: "submit", method: "post", path: "/takedowns", idempotent: true }, (call) => {
        const parsed = TakedownBodySchema.safeParse(call.body);
        if (!parsed.success) {
          return ctx.error({
            kind: "invalid-request",
            status: 422,
            message: parsed.error.issues[0]?.message ?? "invalid",
          });
        }
        const body = parsed.data;
        const targets = body.items.map((item) => ({ key: wireKey(item), wire: item }));
        call.note({ targets: targets.map((t) => t.key) });
        // A target already in an open takedown is a duplicate (looked up before this one is created).
        const open = (key: string) => ctx.submissions().find((s) => s.targets.some((t) => t.key === key));
        const earlier = targets.map((t) => open(t.key));
        const submission = ctx.createSubmission({
          targets,
          body,
          idempotencyKey: call.idempotencyKey,
          kind: KINDS[body.action],
        });
        call.note({ platformRef: submission.ref });
        return HttpResponse.json(
          {
            takedown: {
              id: submission.ref,
              state: ctx.view(submission).state,
              created_at: new Date(submission.createdAt).toISOString(),
              items: body.items.map((item, index) => {
                if (item.kind === "channel" && unknown.has(item.handle)) return { index, result: "unknown" };
                const existing = earlier[index];
                return existing
                  ? { index, result: "duplicate", existing_id: existing.ref }
                  : { index, result: "accepted" };
              }),
            },
          },
          { status: 201 },
        );
      }),
      ctx.route({ operation: "status", method: "get", path: "/takedowns/:id" }, (call) => {
        const submission = ctx.submission(call.params.id ?? "");
        if (!submission)
          return ctx.error({ kind: "not-found", status: 404, message: `No takedown ${call.params.id}.` });
        call.note({ platformRef: submission.ref, targets: submission.targets.map((t) => t.key) });
        const view = ctx.view(submission);
        const decisions = new Map(view.targets.map((t) => [t.key, t]));
        return HttpResponse.json({
          takedown: {
            id: submission.ref,
            state: view.state,
            updated_at: new Date(view.since).toISOString(),
            ...(view.reason ? { note: view.reason } : {}),
            items: submission.targets.map((target) => {
              const decided = decisions.get(target.key);
              const decision =
                decided?.outcome === "actioned"
                  ? "removed"
                  : decided?.outcome === "rejected"
                    ? "kept"
                    : "pending";
              return { item: target.wire, decision, ...(decided?.reason ? { note: decided.reason } : {}) };
            }),
          },
        });
      }),
    ],
  });
}
