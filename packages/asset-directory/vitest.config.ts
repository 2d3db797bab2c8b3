import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // The JSON report lets scripts/test.mjs print one total line for the whole suite.
    reporters: ['default', ['json', { outputFile: 'out-tsc/vitest-report.json' }]],
  },
});
