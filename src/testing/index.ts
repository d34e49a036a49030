/**
 * referral-kit/testing: msw mocks of the modelled platform protocols with scenario controls and fault
 * injection, the framework to write more (`definePlatformMock`), and the adapter conformance suite.
 * Needs `msw` (an optional peer dependency). Nothing is started at import.
 *
 * @packageDocumentation
 */
export * from "./mock/index.js";
export * from "./scenarios.js";
