import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests and examples import "referral-kit/..." exactly as users do; tsconfig paths point them at src.
    tsconfigPaths: true,
  },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
    },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
