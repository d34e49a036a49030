export * from "./capabilities-schema.js";
export type * from "./spec.js";
export * from "./to-request-events.js";
