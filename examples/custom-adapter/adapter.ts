/**
 * The ExampleVideo adapter, written only against referral-kit's public doors: the spec types and
 * `defineAdapter`, the HTTP toolkit (`createHttpClient`, `apiKeyHeader`) and the error classes.
 */

import { type RequestKind, type Target, targetKey } from "referral-kit";
import {
  type AdapterCapabilities,
  apiKeyHeader,
  createHttpClient,
  type DefinedAdapter,
  defineAdapter,
  type PlatformErrorParser,
  ProtocolError,
  type RetryPolicy,
  type StatusOutcome,
  type StatusUpdate,
  type SubmitInput,
  type SubmitReceipt,
  type TargetOutcome,
  UnsupportedCapabilityError,
} from "referral-kit/adapter";
import type { z } from "zod";
import {
  ErrorBodySchema,
  EXAMPLEVIDEO,
  type TakedownBody,
  TakedownCreatedSchema,
  TakedownStatusSchema,
  type WireItem,
  wireKey,
} from "./wire.js";

/**
 * What the adapter declares: two request kinds, channels and videos, polling, 20 items per takedown.
 * No withdrawal and no webhooks: the suite checks that asking for them fails before any HTTP.
 *
 * @example
 * ```ts
 * EXAMPLEVIDEO_CAPABILITIES.requestKinds; // ["suspend", "remove-content"]
 * ```
 */
export const EXAMPLEVIDEO_CAPABILITIES: AdapterCapabilities = {
  requestKinds: ["suspend", "remove-content"],
  targetTypes: ["account", "content"],
  statusPolling: true,
  webhooks: false,
  withdrawal: false,
  maxTargetsPerCall: 20,
  rateLimits: [{ operation: "submit", limit: 60, windowMs: 60_000 }],
};

/**
 * The (fictional) production URL.
 *
 * @example
 * ```ts
 * createExampleVideoAdapter({ apiKey, baseUrl: EXAMPLEVIDEO_BASE_URL });
 * ```
 */
export const EXAMPLEVIDEO_BASE_URL = "https://api.examplevideo.example/gov/v1";

/**
 * Configuration of {@link createExampleVideoAdapter}.
 *
 * @example
 * ```ts
 * const config: ExampleVideoConfig = { apiKey: process.env.EXAMPLEVIDEO_KEY ?? "", timeoutMs: 10_000 };
 * ```
 */
export interface ExampleVideoConfig {
  /** The API key ExampleVideo issued to the agency. */
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof globalThis.fetch;
}

const ACTIONS: Readonly<Partial<Record<RequestKind, TakedownBody["action"]>>> = {
  suspend: "suspend",
  "remove-content": "remove",
};

/** What each platform state means. Every state must map to exactly one outcome. */
const OUTCOMES: Readonly<Record<z.infer<typeof TakedownStatusSchema>["takedown"]["state"], StatusOutcome>> = {
  queued: "pending",
  reviewing: "acknowledged",
  needs_info: "needs-information",
  removed: "actioned",
  partly_removed: "partially-actioned",
  kept: "rejected",
};

/** ExampleVideo's error body: its code and message become the error's platform code and message. */
const parseError: PlatformErrorParser = ({ json }) => {
  const parsed = ErrorBodySchema.safeParse(json);
  return parsed.success ? { code: parsed.data.error.code, message: parsed.data.error.message } : undefined;
};

/** A domain target as ExampleVideo names it. `defineAdapter` already refused undeclared target types. */
function toWireItem(target: Target): WireItem {
  if (target.type === "account" && target.account.kind === "username") {
    return { kind: "channel", handle: target.account.username.toLowerCase() };
  }
  if (target.type === "content" && target.kind === "video" && /^\d{1,20}$/.test(target.id)) {
    const channel = target.account?.kind === "username" ? target.account.username.toLowerCase() : undefined;
    return { kind: "video", video_id: target.id, ...(channel ? { channel } : {}) };
  }
  throw new UnsupportedCapabilityError({
    platform: EXAMPLEVIDEO,
    capability: "targetType",
    requested:
      target.type === "account" ? `account by ${target.account.kind}` : `${target.kind} ${target.id}`,
    supported: ["channel by username", "video with a numeric id"],
  });
}

function toBody({ request, targets }: SubmitInput): TakedownBody {
  const action = ACTIONS[request.kind];
  // Unreachable through defineAdapter (it checks requestKinds first), kept so the types stay honest.
  if (!action)
    throw new UnsupportedCapabilityError({
      platform: EXAMPLEVIDEO,
      capability: "requestKind",
      requested: request.kind,
    });
  if (!request.legalBasis) throw new TypeError("ExampleVideo needs the request's legal basis");
  return {
    action,
    reference: request.reference ?? request.id,
    authority: {
      name: request.issuingAuthority.name,
      ...(request.issuingAuthority.country ? { country: request.issuingAuthority.country } : {}),
    },
    legal_basis: { instrument: request.legalBasis.instrument, section: request.legalBasis.section },
    ...(request.deadline ? { respond_by: request.deadline } : {}),
    items: targets.map((t) => toWireItem(t.target)),
    evidence: targets.flatMap((t, item) =>
      t.evidence.map((e) => ({
        item,
        url: e.url,
        sha256: e.contentHash.replace(/^sha256:/, ""),
        captured_at: e.capturedAt,
      })),
    ),
  };
}

/**
 * Creates the ExampleVideo adapter.
 *
 * @example
 * ```ts
 * const adapter = createExampleVideoAdapter({ apiKey: process.env.EXAMPLEVIDEO_KEY! });
 * const receipt = await adapter.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * ```
 */
export function createExampleVideoAdapter(config: ExampleVideoConfig): DefinedAdapter<typeof EXAMPLEVIDEO> {
  const client = createHttpClient({
    platform: EXAMPLEVIDEO,
    baseUrl: config.baseUrl ?? EXAMPLEVIDEO_BASE_URL,
    auth: apiKeyHeader({ key: config.apiKey, header: "X-Api-Key" }),
    parseErrorBody: parseError,
    requestIdHeaders: ["x-request-id"],
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.retry ? { retry: config.retry } : {}),
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });

  return defineAdapter({
    platform: EXAMPLEVIDEO,
    capabilities: EXAMPLEVIDEO_CAPABILITIES,
    async submit(input, { signal, idempotencyKey }): Promise<SubmitReceipt> {
      const { takedown } = await client.postJson("/takedowns", toBody(input), TakedownCreatedSchema, {
        idempotencyKey,
        ...(signal ? { signal } : {}),
      });
      if (takedown.items.length !== input.targets.length) {
        throw new ProtocolError({
          platform: EXAMPLEVIDEO,
          reason: `answered for ${takedown.items.length} items, ${input.targets.length} were sent`,
        });
      }
      return {
        platformRef: takedown.id,
        acceptedAt: new Date(takedown.created_at).toISOString(),
        targets: takedown.items.map((item) => {
          const key = targetKey(input.targets[item.index]?.target ?? input.targets[0]!.target);
          if (item.result === "unknown")
            return { key, status: "rejected", reason: "ExampleVideo does not know it" };
          if (item.result === "duplicate") {
            return {
              key,
              status: "duplicate",
              ...(item.existing_id ? { platformRef: item.existing_id } : {}),
            };
          }
          return { key, status: "accepted" };
        }),
        raw: takedown,
      };
    },
    async getStatus({ platformRef }, { signal }): Promise<StatusUpdate> {
      const { takedown } = await client.getJson(
        `/takedowns/${encodeURIComponent(platformRef)}`,
        TakedownStatusSchema,
        signal ? { signal } : {},
      );
      const targets: TargetOutcome[] = takedown.items.map((item) => ({
        key: wireKey(item.item),
        outcome: item.decision === "removed" ? "actioned" : item.decision === "kept" ? "rejected" : "pending",
        ...(item.note ? { reason: item.note } : {}),
      }));
      const base = {
        platformRef: takedown.id,
        at: new Date(takedown.updated_at).toISOString(),
        platformState: takedown.state,
        targets,
        raw: takedown,
      };
      const outcome = OUTCOMES[takedown.state];
      // A rejection, a request for information and a withdrawal always carry the platform's words.
      if (outcome === "rejected" || outcome === "needs-information" || outcome === "withdrawn") {
        return { ...base, outcome, reason: takedown.note ?? `ExampleVideo state ${takedown.state}` };
      }
      return { ...base, outcome };
    },
  });
}
