import { createMemoryStore } from "referral-kit/dispatch";
import { runStoreSuite } from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from "vitest";

runStoreSuite({
  name: "memory",
  open: async () => createMemoryStore(),
  runner: { describe, it, beforeAll, afterAll, beforeEach, afterEach },
});
