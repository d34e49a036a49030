export * from "./account.js";
export * from "./common.js";
export * from "./designation.js";
export * from "./request.js";
