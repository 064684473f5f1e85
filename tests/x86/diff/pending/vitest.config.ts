import { defineConfig } from "vitest/config";

// Runs only the pending x86 tests (instruction goldens, #UD cases), which `npm test` leaves out.
export default defineConfig({
  test: {
    include: ["tests/x86/diff/pending/**/*.test.ts"],
    environment: "node",
  },
});
