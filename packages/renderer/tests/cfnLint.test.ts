import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from './helpers.js';
import { findTool } from '../../../testing/findTool.js';
import { caseConfig, GOLDEN_CASES } from './goldenFixtures.js';

/** cfn-lint findings that stay, each with the reason. Errors are never allowed. */
const ALLOWED_WARNINGS: Record<string, string> = {
  W3010: 'subnets name their availability zones: the zones are what the user chose in cluster.yaml',
};

interface Finding {
  Rule: { Id: string };
  Level: string;
  Message: string;
}

const dir = mkdtempSync(join(tmpdir(), 'kube-aws-cfn-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cfn-lint on every golden stack', () => {
  const cfnLint = findTool('cfn-lint');

  it.each(GOLDEN_CASES)('%s has no errors and only allowed warnings', async (name) => {
    const built = await build(caseConfig(name));
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(built.template, null, 2));
    const run = spawnSync(cfnLint, ['--format', 'json', file], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    const findings = JSON.parse(run.stdout || '[]') as Finding[];
    expect(findings.filter((finding) => finding.Level === 'Error')).toEqual([]);
    expect(
      findings
        .filter((finding) => !(finding.Rule.Id in ALLOWED_WARNINGS))
        .map((finding) => `${finding.Rule.Id}: ${finding.Message}`),
    ).toEqual([]);
  });
});
