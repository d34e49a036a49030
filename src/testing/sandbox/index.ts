export * from "./errors.js";
export { isLoopbackHost } from "./loopback.js";
export {
  SANDBOX_PLATFORM_IDS,
  type SandboxPlatformId,
  sandboxCredentials,
  sandboxPlatformUrl,
} from "./platforms.js";
export {
  SANDBOX_PAGE_AVAILABILITIES,
  type SandboxPage,
  type SandboxPageAvailability,
} from "./public-pages.js";
export {
  loadSandboxScenario,
  parseSandboxScenario,
  type SandboxScenario,
  SandboxScenarioSchema,
} from "./scenario-file.js";
export { type Sandbox, type SandboxOptions, type SandboxPlatform, startSandbox } from "./server.js";
