/**
 * referral-kit/testing: msw mocks of the modelled platform protocols with scenario controls and fault
 * injection, the framework to write more (`definePlatformMock`), the adapter conformance suite
 * (runner-neutral; `referral-kit/testing/vitest` gives the vitest runner), and the sandbox: every mock
 * behind one local HTTP server. Needs `msw` (an optional peer dependency). Nothing is started at import.
 *
 * @packageDocumentation
 */
export { ConformanceFailure } from "./conformance/assert.js";
export { conformanceRequest, defaultTarget, type TargetFactory } from "./conformance/fixtures.js";
export type { ConformanceOptions } from "./conformance/kit.js";
export {
  type ConformanceResult,
  runAdapterConformance,
  runConformanceCases,
} from "./conformance/run.js";
export {
  definePlatformMock,
  type MockCall,
  type PlatformMockContext,
  type PlatformMockDefinition,
} from "./mock/define-platform-mock.js";
export type { FaultInjection, MockOperation } from "./mock/faults.js";
export type {
  MockOutcomeDetail,
  MockOutcomeVocabulary,
  OutcomeDetailScenario,
} from "./mock/outcome-detail.js";
export { mockProductionFile } from "./mock/production.js";
export type { MockScenario, ScenarioPatch } from "./mock/scenario.js";
export type {
  MockError,
  MockRecord,
  MockSubmission,
  MockTargetOutcome,
  MockWebhookOptions,
  PlatformMock,
  SubmissionView,
} from "./mock/types.js";
export { createPlatformMock } from "./mocks/create-platform-mock.js";
export { MOCK_CREDENTIALS } from "./mocks/credentials.js";
export type { MockOptions, MockStates } from "./mocks/options.js";
export type { TestRunner } from "./runner.js";
export { SandboxHostError, SandboxScenarioError } from "./sandbox/errors.js";
export type { SandboxPage } from "./sandbox/public-pages.js";
export { loadSandboxScenario, type SandboxScenario } from "./sandbox/scenario-file.js";
export { type Sandbox, startSandbox } from "./sandbox/server.js";
export { defaultScenarios, immediateScenario } from "./scenarios.js";
export { runStoreSuite } from "./store-suite.js";
