export * from "./clock.js";
export * from "./define-platform-mock.js";
export * from "./faults.js";
export * from "./invalid-request.js";
export * from "./production.js";
export * from "./random.js";
export * from "./scenario.js";
export * from "./target-decision.js";
export type * from "./types.js";
