export * from "./account.js";
export * from "./common.js";
export * from "./designation.js";
export { ESCALATION_LEVELS, type EscalationLevel, EscalationLevelSchema } from "./follow-up.js";
export * from "./outcome.js";
export * from "./request.js";
