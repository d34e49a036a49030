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
  SUPPORTED_SPECIFICATION_VERSIONS,
} from "./define-adapter.js";
export {
  AdapterError,
  type AdapterErrorCode,
  type AdapterErrorOptions,
  AuthenticationError,
  type CapabilityName,
  MissingCredentialsError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  type PlatformMessageOptions,
  PlatformServerError,
  ProtocolError,
  RateLimitedError,
  type RedirectRefusal,
  RedirectRefusedError,
  RejectedByPlatformError,
  ResponseTooLargeError,
  TimeoutError,
  type TimeoutKind,
  UnsupportedCapabilityError,
  UnsupportedSpecVersionError,
  type ZodLikeError,
} from "./errors.js";
export type { Sleep } from "./http/abort.js";
export { type ApiKeyHeaderOptions, apiKeyHeader } from "./http/auth/api-key.js";
export { bearerToken, type SecretSource } from "./http/auth/bearer.js";
export {
  defaultCanonicalString,
  type HmacAlgorithm,
  type HmacSignatureOptions,
  hmac,
  hmacSignature,
  type SignatureParts,
  timingSafeEqual,
} from "./http/auth/hmac.js";
export { type OAuth2ClientCredentialsOptions, oauth2ClientCredentials } from "./http/auth/oauth2.js";
export type { AuthContext, AuthObserver, AuthStrategy } from "./http/auth/types.js";
export {
  createHttpClient,
  type ErrorInBodyInfo,
  type HttpBody,
  type HttpCallOptions,
  type HttpClient,
  type HttpClientConfig,
  type HttpMethod,
  type HttpRequestOptions,
  type HttpResult,
  type SearchParams,
} from "./http/client.js";
export {
  type ErrorBodyInfo,
  type ErrorResponseInput,
  errorFromResponse,
  type PlatformErrorDetails,
  type PlatformErrorParser,
} from "./http/errors-from-response.js";
export type { HttpHooks, HttpRequestEvent, HttpResponseEvent, HttpRetryEvent } from "./http/hooks.js";
export type { RedirectOptions } from "./http/redirect.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./http/retry.js";
export { type HttpTransportConfig, httpTransportOptions } from "./http/transport-options.js";
export { loadOptional } from "./load-optional.js";
export { type LoadSecretOptions, loadSecret } from "./load-secret.js";
export type { DisclosureAnswer } from "./v1/disclosure-answer.js";
export {
  type ReceiptTargetsOptions,
  type TargetIntake,
  toReceiptTargets,
  toSubmitTargetStatus,
  toTargetOutcome,
} from "./v1/receipt-helpers.js";
export type {
  AdapterCapabilities,
  CallOptions,
  DeclaredRateLimit,
  ReportingAdapter,
  ReportingAdapterV1,
  SpecificationVersionV1,
  StatusCallOptions,
  StatusInput,
  StatusOutcome,
  StatusUpdate,
  SubmitInput,
  SubmitReceipt,
  SubmitTargetStatus,
  TargetOutcome,
  TargetType,
  WebhookCallOptions,
  WebhookResult,
  WithdrawInput,
  WithdrawReceipt,
} from "./v1/spec.js";
export { type ToRequestEventsOptions, toRequestEvents } from "./v1/to-request-events.js";
export {
  type VerifyWebhookSignatureOptions,
  verifyWebhookSignature,
  type WebhookSignatureVerdict,
} from "./webhook-signature.js";
