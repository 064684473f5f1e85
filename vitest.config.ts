import { defineConfig } from "vitest/config";

// Unit tests: fast, no guest boot. The integration tests have their own config.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/**/pending/**", "tests/integration/**", "node_modules/**"],
    environment: "node",
  },
});
