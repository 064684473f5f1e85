import { defineConfig } from "vitest/config";

// Integration tests boot the real guest in v86, headless: one file at a time (2 cores), long
// timeouts, and the boot snapshot made once before them.
export default defineConfig({
  test: {
    include: ["tests/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/integration/global-setup.ts"],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
