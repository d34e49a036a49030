export * from "./clock.js";
export * from "./define-platform-mock.js";
export * from "./faults.js";
export * from "./invalid-request.js";
export {
  DECLINE_TEXTS,
  expressibleOutcomes,
  type MockOutcomeDetail,
  type MockOutcomeVocabulary,
  type OutcomeDetailScenario,
  OutcomeDetailScenarioSchema,
} from "./outcome-detail.js";
export * from "./random.js";
export * from "./scenario.js";
export * from "./target-decision.js";
export type * from "./types.js";
