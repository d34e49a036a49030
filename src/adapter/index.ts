/**
 * referral-kit/adapter: the adapter specification (`ReportingAdapter`, version `v1`), `defineAdapter`,
 * the adapter error classes, and the HTTP toolkit every reference adapter is built on.
 *
 * @packageDocumentation
 */
export * from "./define-adapter.js";
export * from "./errors.js";
export * from "./http/index.js";
export * from "./load-secret.js";
export * from "./v1/index.js";
export * from "./webhook-signature.js";
