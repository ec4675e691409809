import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    // A rejected promise nobody awaited is a bug in an SDK: fail the run on it.
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
