/**
 * referral-kit/testing: msw mocks of the modelled platform protocols with scenario controls and fault
 * injection, the framework to write more (`definePlatformMock`), and the adapter conformance suite
 * (runner-neutral; `referral-kit/testing/vitest` wires it to vitest), and the request store suite that
 * checks any `RequestStore` implementation (`runStoreSuite`). Needs `msw` (an optional peer
 * dependency). Nothing is started at import.
 *
 * @packageDocumentation
 */
export * from "./conformance/index.js";
export * from "./mock/index.js";
export * from "./mocks/facebook.js";
export * from "./mocks/instagram.js";
export * from "./mocks/telegram.js";
export * from "./mocks/tiktok.js";
export * from "./mocks/whatsapp.js";
export * from "./mocks/x.js";
export * from "./sandbox/index.js";
export * from "./scenarios.js";
export { runStoreSuite, type StoreSuiteOptions, type StoreSuiteRunner } from "./store-suite.js";
