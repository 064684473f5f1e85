import { defineConfig } from "vitest/config";

// Runs only the pending x86 tests (instruction goldens and programs), which `npm test` leaves out.
export default defineConfig({
  test: {
    include: ["tests/x86/diff/pending/**/*.test.ts", "tests/x86/programs/pending/**/*.test.ts"],
    environment: "node",
  },
});
