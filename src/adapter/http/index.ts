export * from "./abort.js";
export * from "./auth/index.js";
export * from "./client.js";
export * from "./errors-from-response.js";
export type * from "./hooks.js";
export * from "./redact.js";
export * from "./retry.js";
export * from "./transport-options.js";
export * from "./user-agent.js";
