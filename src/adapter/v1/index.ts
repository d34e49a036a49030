export * from "./capabilities-schema.js";
export * from "./receipt-helpers.js";
export type * from "./spec.js";
export * from "./to-request-events.js";
