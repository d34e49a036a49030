/**
 * referral-kit/adapter: the adapter specification (`ReportingAdapter`, version `v1`), `defineAdapter`,
 * the adapter error classes, and the HTTP toolkit every reference adapter is built on (a client with
 * retries, timeouts and redaction; authentication strategies; error mapping; webhook signatures).
 *
 * @packageDocumentation
 */
export {
  type AdapterDefinition,
  type DefinedAdapter,
  defineAdapter,
  resolveAdapter,
} from "./define-adapter.js";
export {
  AdapterError,
  type AdapterErrorCode,
  type AdapterErrorOptions,
  AuthenticationError,
  MissingCredentialsError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  PlatformServerError,
  ProtocolError,
  RateLimitedError,
  RedirectRefusedError,
  RejectedByPlatformError,
  ResponseTooLargeError,
  TimeoutError,
  UnsupportedCapabilityError,
  UnsupportedSpecVersionError,
} from "./errors.js";
export { apiKeyHeader } from "./http/auth/api-key.js";
export { bearerToken, type SecretSource } from "./http/auth/bearer.js";
export { hmac, hmacSignature } from "./http/auth/hmac.js";
export { oauth2ClientCredentials } from "./http/auth/oauth2.js";
export type { AuthStrategy } from "./http/auth/types.js";
export {
  createHttpClient,
  type HttpClient,
  type HttpClientConfig,
  type HttpMethod,
  type HttpRequestOptions,
} from "./http/client.js";
export type { PlatformErrorDetails, PlatformErrorParser } from "./http/errors-from-response.js";
export type { HttpEvent, HttpHooks } from "./http/hooks.js";
export type { RetryPolicy } from "./http/retry.js";
export { type HttpTransportConfig, httpTransportOptions } from "./http/transport-options.js";
export { loadOptional } from "./load-optional.js";
export { loadSecret } from "./load-secret.js";
export type { DisclosureAnswer } from "./v1/disclosure-answer.js";
export { toReceiptTargets, toTargetOutcome } from "./v1/receipt-helpers.js";
export type {
  AdapterCapabilities,
  CallOptions,
  ReportingAdapter,
  StatusInput,
  StatusOutcome,
  StatusUpdate,
  SubmitInput,
  SubmitReceipt,
  SubmitTargetStatus,
  TargetOutcome,
  WebhookResult,
  WithdrawInput,
  WithdrawReceipt,
} from "./v1/spec.js";
export { toRequestEvents } from "./v1/to-request-events.js";
export { verifyWebhookSignature } from "./webhook-signature.js";
