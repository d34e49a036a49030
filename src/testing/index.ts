/**
 * referral-kit/testing: msw mocks of the modelled platform protocols with scenario controls and fault
 * injection, the framework to write more (`definePlatformMock`), the adapter conformance suite
 * (runner-neutral; `referral-kit/testing/vitest` gives the vitest runner), and the sandbox: every mock
 * behind one local HTTP server. Needs `msw` (an optional peer dependency). Nothing is started at import.
 *
 * @packageDocumentation
 */
export { ConformanceFailure } from "./conformance/assert.js";
export { CONFORMANCE_CASE_NAMES, defineConformanceCases } from "./conformance/define.js";
export { conformanceRequest, defaultTarget, type TargetFactory } from "./conformance/fixtures.js";
export type { ConformanceCase, ConformanceOptions, ConformanceSettings } from "./conformance/kit.js";
export {
  type AdapterConformanceOptions,
  type ConformanceResult,
  type ConformanceRunner,
  type HandlerHost,
  runAdapterConformance,
  runConformanceCases,
} from "./conformance/run.js";
export { createVirtualClock, type VirtualClock } from "./mock/clock.js";
export {
  definePlatformMock,
  type MockAuthContext,
  type MockCall,
  type MockErrorInfo,
  type MockMethod,
  type MockRouteOptions,
  type PlatformMockContext,
  type PlatformMockDefinition,
} from "./mock/define-platform-mock.js";
export type {
  FaultInjection,
  FaultKind,
  FaultTarget,
  FaultTiming,
  MockOperation,
} from "./mock/faults.js";
export {
  DECLINE_TEXTS,
  type MockOutcomeDetail,
  type MockOutcomeVocabulary,
  type OutcomeDetailScenario,
} from "./mock/outcome-detail.js";
export { mockProductionBytes, mockProductionFile } from "./mock/production.js";
export {
  type DelayDistribution,
  GENERIC_REJECTION_REASONS,
  type MockScenario,
  type OutcomeShares,
  type PlannedOutcome,
  type ScenarioPatch,
} from "./mock/scenario.js";
export type {
  ForcedState,
  MockError,
  MockErrorKind,
  MockRecord,
  MockSubmission,
  MockSupports,
  MockTarget,
  MockTargetOutcome,
  MockWebhookOptions,
  PlatformMock,
  PlatformStateInfo,
  SubmissionView,
} from "./mock/types.js";
export { MOCK_CREDENTIALS, type MockCredentials } from "./mocks/credentials.js";
export {
  createFacebookMock,
  type FacebookMockOptions,
} from "./mocks/facebook.js";
export {
  createInstagramMock,
  type InstagramMockOptions,
} from "./mocks/instagram.js";
export type { GraphMockOptions, GraphRequestState } from "./mocks/meta-graph.js";
export {
  createTelegramMock,
  type TelegramMockOptions,
  type TelegramReportState,
} from "./mocks/telegram.js";
export {
  createTikTokMock,
  type TikTokMockOptions,
  type TikTokRequestState,
} from "./mocks/tiktok.js";
export {
  createWhatsAppMock,
  type WhatsAppMockOptions,
  type WhatsAppRequestState,
} from "./mocks/whatsapp.js";
export {
  createXMock,
  type XMockOptions,
  type XRequestState,
} from "./mocks/x.js";
export { SandboxHostError, SandboxScenarioError, type SandboxScenarioIssue } from "./sandbox/errors.js";
export { sandboxPlatformUrl } from "./sandbox/platforms.js";
export type {
  SandboxPage,
  SandboxPageAvailability,
} from "./sandbox/public-pages.js";
export {
  loadSandboxScenario,
  parseSandboxScenario,
  type SandboxScenario,
} from "./sandbox/scenario-file.js";
export { type Sandbox, type SandboxOptions, type SandboxPlatform, startSandbox } from "./sandbox/server.js";
export { defaultScenarios, immediateScenario } from "./scenarios.js";
export { runStoreSuite, type StoreSuiteOptions, type StoreSuiteRunner } from "./store-suite.js";
