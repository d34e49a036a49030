import { createMemoryStore } from "referral-kit/dispatch";
import { afterEach, beforeEach, describe, it } from "vitest";
import { defineStoreSuite } from "./store-suite.js";

defineStoreSuite(
  "memory",
  { open: async () => createMemoryStore() },
  { describe, it, beforeEach, afterEach },
);
