import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}/README.md`, 'utf8');

describe('README', () => {
  it('opens with exactly the two set-up commands, on its first screen', () => {
    const firstScreen = readme.split('\n').slice(0, 25).join('\n');
    const blocks = [...firstScreen.matchAll(/```sh\n([^`]*)```/g)].map((match) => match[1]!.trim());
    expect(blocks).toEqual(['npm ci && npm run sample', 'npm test']);
  });

  it('is what .ci/run runs', () => {
    const ci = readFileSync(`${root}/.ci/run`, 'utf8');
    expect(ci).toContain('npm ci');
    expect(ci).toContain('npm test');
  });

  it('runs the same test command in the GitHub workflow', () => {
    const workflow = readFileSync(`${root}/.github/workflows/ci.yml`, 'utf8');
    expect(workflow).toContain('bash .ci/run');
  });

  it('caches npm downloads in CI (keyed on package-lock.json by setup-node)', () => {
    const workflow = parse(readFileSync(`${root}/.github/workflows/ci.yml`, 'utf8')) as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
    };
    const setupNode = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .filter((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setupNode.length).toBeGreaterThan(0);
    for (const step of setupNode) expect(step.with?.cache).toBe('npm');
  });
});
