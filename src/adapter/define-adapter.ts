import { ValidationError } from "../domain/errors.js";
import type { PlatformId } from "../domain/platforms.js";
import { raceAbort } from "../internal/abort.js";
import { capabilityRefusal } from "./capability-check.js";
import { UnsupportedCapabilityError, UnsupportedSpecVersionError } from "./errors.js";
import { AdapterCapabilitiesSchema } from "./v1/capabilities-schema.js";
import type {
  AdapterCapabilities,
  CallOptions,
  ReportingAdapter,
  StatusInput,
  StatusUpdate,
  SubmitInput,
  SubmitReceipt,
  WebhookResult,
  WithdrawInput,
  WithdrawReceipt,
} from "./v1/spec.js";

/**
 * The specification versions this copy of referral-kit accepts, newest last.
 *
 * @example
 * ```ts
 * SUPPORTED_SPECIFICATION_VERSIONS; // ["v1"]
 * ```
 */
export const SUPPORTED_SPECIFICATION_VERSIONS = ["v1"] as const;

/**
 * What an adapter author writes: the platform, the capabilities, and the calls. `specificationVersion`
 * may be left out (it is `"v1"`). The calls receive only input that passed the capability checks.
 *
 * @example
 * ```ts
 * const definition: AdapterDefinition<"telegram"> = { platform: "telegram", capabilities, submit, getStatus };
 * ```
 */
export interface AdapterDefinition<P extends PlatformId = PlatformId> {
  readonly specificationVersion?: "v1";
  readonly platform: P;
  readonly capabilities: AdapterCapabilities;
  submit(input: SubmitInput, options: CallOptions): Promise<SubmitReceipt>;
  getStatus(input: StatusInput, options: Partial<CallOptions>): Promise<StatusUpdate>;
  withdraw?(input: WithdrawInput, options: CallOptions): Promise<WithdrawReceipt>;
  parseWebhook?(request: Request, options: Pick<CallOptions, "signal">): Promise<WebhookResult>;
}

/**
 * A v1 adapter made by {@link defineAdapter}: `withdraw` and `parseWebhook` are always there, and throw
 * `UnsupportedCapabilityError` (without any HTTP) when the adapter does not declare them.
 *
 * @example
 * ```ts
 * const adapter: DefinedAdapter<"x"> = defineAdapter(definition);
 * await adapter.withdraw(input, options); // UnsupportedCapabilityError if withdrawal is not declared
 * ```
 */
export type DefinedAdapter<P extends PlatformId = PlatformId> = ReportingAdapter<P> & {
  withdraw(input: WithdrawInput, options: CallOptions): Promise<WithdrawReceipt>;
  parseWebhook(request: Request, options?: Pick<CallOptions, "signal">): Promise<WebhookResult>;
};

/** Marks adapters that already went through defineAdapter, so resolveAdapter does not wrap twice. */
const definedMarker = Symbol.for("referral-kit.adapter.defined");

/**
 * Builds a v1 adapter from its definition. The returned adapter checks every call against the declared
 * capabilities before the definition's code runs, so an unsupported request never reaches the platform:
 * the request kind, the platform of the request and of each target, the target types (those the kind
 * takes), the number of targets per call, status polling, withdrawal and webhooks. It also refuses an
 * already aborted signal and a missing idempotency key. The capabilities are validated (and frozen) once,
 * here.
 *
 * @throws {ValidationError} the declared capabilities are malformed.
 * @throws {TypeError} `withdrawal` or `webhooks` is declared without the method that implements it.
 *
 * @example
 * ```ts
 * import { defineAdapter } from "referral-kit/adapter";
 *
 * export const exampleAdapter = defineAdapter({
 *   platform: "x",
 *   capabilities: {
 *     requestKinds: ["suspend", "remove-content"],
 *     targetTypes: ["account", "content"],
 *     statusPolling: true,
 *     webhooks: false,
 *     withdrawal: false,
 *     maxTargetsPerCall: 25,
 *     rateLimits: [],
 *   },
 *   async submit({ request, targets }, { signal, idempotencyKey }) {
 *     return client.postJson("/reports", toBody(request, targets), ReceiptSchema, { signal, idempotencyKey });
 *   },
 *   async getStatus({ platformRef }, { signal }) {
 *     return toUpdate(await client.getJson(`/reports/${platformRef}`, ReportSchema, { signal }));
 *   },
 * });
 * exampleAdapter.platform; // type "x"
 * ```
 */
export function defineAdapter<const P extends PlatformId>(
  definition: AdapterDefinition<P>,
): DefinedAdapter<P> {
  if (definition.specificationVersion !== undefined && definition.specificationVersion !== "v1") {
    throw new UnsupportedSpecVersionError({
      platform: definition.platform,
      received: String(definition.specificationVersion),
      accepted: SUPPORTED_SPECIFICATION_VERSIONS,
    });
  }
  const parsed = AdapterCapabilitiesSchema.safeParse(definition.capabilities);
  if (!parsed.success)
    throw ValidationError.fromZod(`capabilities of the ${definition.platform} adapter`, parsed.error);
  const capabilities: AdapterCapabilities = deepFreeze(parsed.data);
  const { platform } = definition;
  if (capabilities.withdrawal && !definition.withdraw) {
    throw new TypeError(`the ${platform} adapter declares withdrawal but has no withdraw method`);
  }
  if (capabilities.webhooks && !definition.parseWebhook) {
    throw new TypeError(`the ${platform} adapter declares webhooks but has no parseWebhook method`);
  }

  const unsupported = (
    capability: UnsupportedCapabilityError["capability"],
    requested: string,
    supported: readonly string[] = [],
  ) => new UnsupportedCapabilityError({ platform, capability, requested, supported });

  const adapter: DefinedAdapter<P> = {
    specificationVersion: "v1",
    platform,
    capabilities,
    async submit(input, options) {
      checkCallOptions(options, true);
      options.signal?.throwIfAborted();
      const { request, targets } = input;
      const refusal = capabilityRefusal(platform, capabilities, request, targets);
      if (refusal) throw refusal;
      if (targets.length === 0) {
        throw new TypeError(`submit to ${platform} needs at least one target`);
      }
      if (targets.length > capabilities.maxTargetsPerCall) {
        throw unsupported("maxTargetsPerCall", `${targets.length} targets`, [
          `at most ${capabilities.maxTargetsPerCall}`,
        ]);
      }
      return definition.submit(input, options);
    },
    async getStatus(input, options = {}) {
      checkCallOptions(options, false);
      options.signal?.throwIfAborted();
      if (!capabilities.statusPolling) throw unsupported("statusPolling", "getStatus");
      return definition.getStatus(input, options);
    },
    async withdraw(input, options) {
      checkCallOptions(options, true);
      options.signal?.throwIfAborted();
      if (!capabilities.withdrawal || !definition.withdraw) throw unsupported("withdrawal", "withdraw");
      return definition.withdraw(input, options);
    },
    async parseWebhook(request, options = {}) {
      options.signal?.throwIfAborted();
      if (!capabilities.webhooks || !definition.parseWebhook) throw unsupported("webhooks", "parseWebhook");
      // A caller's body can stall (a slow or hostile sender); the signal ends the wait for every adapter.
      return raceAbort(definition.parseWebhook(request, options), options.signal);
    },
  };
  Object.defineProperty(adapter, definedMarker, { value: true, enumerable: false });
  return Object.freeze(adapter);
}

/**
 * Accepts anything that claims to be an adapter and returns one this copy of referral-kit can drive:
 * adapters made by `defineAdapter` as they are, other objects of a supported specification version wrapped
 * by `defineAdapter` (so the capability checks apply to hand-written adapters too).
 *
 * @throws {UnsupportedSpecVersionError} the value declares no `specificationVersion`, or one this copy
 * does not accept; the message lists the accepted versions.
 *
 * @example
 * ```ts
 * const adapter = resolveAdapter(await import(userAdapterPath).then((m) => m.default));
 * ```
 */
export function resolveAdapter(value: unknown): ReportingAdapter {
  const candidate = (typeof value === "object" && value !== null ? value : {}) as Record<
    PropertyKey,
    unknown
  >;
  const version = candidate.specificationVersion;
  const platform = typeof candidate.platform === "string" ? candidate.platform : undefined;
  if (!(SUPPORTED_SPECIFICATION_VERSIONS as readonly unknown[]).includes(version)) {
    throw new UnsupportedSpecVersionError({
      platform,
      received: version === undefined ? "(none)" : String(version),
      accepted: SUPPORTED_SPECIFICATION_VERSIONS,
    });
  }
  if (candidate[definedMarker] === true) return value as ReportingAdapter;
  const adapter = value as ReportingAdapter;
  return defineAdapter({
    platform: adapter.platform,
    capabilities: adapter.capabilities,
    submit: adapter.submit.bind(adapter),
    getStatus: adapter.getStatus.bind(adapter),
    ...(adapter.withdraw ? { withdraw: adapter.withdraw.bind(adapter) } : {}),
    ...(adapter.parseWebhook ? { parseWebhook: adapter.parseWebhook.bind(adapter) } : {}),
  });
}

function checkCallOptions(options: { idempotencyKey?: unknown } | undefined, keyRequired: boolean): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("call options are required: { idempotencyKey, signal? }");
  }
  const key = options.idempotencyKey;
  if (keyRequired && (typeof key !== "string" || key.length === 0)) {
    throw new TypeError(
      "an idempotency key is required: pass { idempotencyKey } so a repeated call submits once",
    );
  }
  if (key !== undefined && (typeof key !== "string" || key.length === 0 || key.length > 255)) {
    throw new TypeError("an idempotency key is a string of 1 to 255 characters");
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === "object" && inner !== null) deepFreeze(inner);
  }
  return Object.freeze(value);
}
