import { defineConfig } from "vitest/config";

// Unit tests: fast, no guest boot. The integration tests have their own config.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/**/pending/**", "tests/integration/**", "node_modules/**"],
    environment: "node",
    // A 2-core machine shared with guest boots: leave room before calling a test hung.
    testTimeout: 30_000,
  },
});
