import { defineConfig } from 'vitest/config';

// Workspace-wide checks: package shape, what npm would publish, the README commands.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['*.test.ts'],
    testTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: '../out-tsc/workspace-vitest-report.json' }]],
  },
});
