import { createMemoryStore } from "referral-kit/dispatch";
import { runStoreSuite } from "referral-kit/testing";
import { afterEach, beforeEach, describe, it } from "vitest";

runStoreSuite({
  name: "memory",
  open: async () => createMemoryStore(),
  runner: { describe, it, beforeEach, afterEach },
});
