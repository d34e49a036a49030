export * from "./api-key.js";
export * from "./bearer.js";
export * from "./hmac.js";
export * from "./oauth2.js";
export type * from "./types.js";
