export { ConformanceFailure } from "./assert.js";
export { CONFORMANCE_CASE_NAMES, defineConformanceCases } from "./define.js";
export { conformanceRequest, defaultTarget, type TargetFactory } from "./fixtures.js";
export type { ConformanceCase, ConformanceOptions, ConformanceSettings } from "./kit.js";
export {
  type ConformanceResult,
  type ConformanceRunner,
  type HandlerHost,
  type MockServer,
  runAdapterConformance,
  runConformanceCases,
  serveMock,
} from "./run.js";
