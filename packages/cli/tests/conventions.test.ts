import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorWanted } from '../src/internal/colorWanted.js';
import { runCli } from './runCli.js';

// Issue 16: the conventions of kubectl, eksctl and kops, through the real binary.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kube-aws-conventions-'));
  expect(runCli(['init', '--sample'], dir).status).toBe(0);
  expect(runCli(['render'], dir).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the command line', () => {
  it('prints help and exits 0 when run bare', () => {
    const run = runCli([], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: kube-aws <command>');
  });

  it('takes -h for --help and shows the short forms in help', () => {
    const run = runCli(['destroy', '-h'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}-y, --yes +Destroy without asking$/m);
    expect(run.stdout).toMatch(/^ {2}-h, --help +Show this help$/m);
    expect(runCli(['status', '-h'], dir).stdout).toMatch(/^ {2}-o, --output=text\|json\|yaml /m);
  });

  it('points up --dry-run at diff', () => {
    const run = runCli(['up', '--dry-run'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('there is no --dry-run: kube-aws diff is the dry run of up');
  });

  it('prints show certificates and validate as YAML and JSON with -o', () => {
    const shown = runCli(['show', 'certificates', '-o', 'yaml'], dir);
    expect(shown.status).toBe(0);
    const certificates = (
      parse(shown.stdout) as { certificates: { file: string; state: string }[] }
    ).certificates;
    expect(certificates.map((item) => item.file)).toContain('credentials/apiserver.pem');
    expect(certificates.every((item) => item.state === 'ok')).toBe(true);
    const validated = runCli(['validate', '--offline', '-o', 'json'], dir);
    expect(validated.status).toBe(0);
    const result = JSON.parse(validated.stdout) as {
      valid: boolean;
      stackTemplate: { bytes: number; limit: number };
      userdata: { node: string }[];
    };
    expect(result.valid).toBe(true);
    expect(result.stackTemplate.bytes).toBeLessThanOrEqual(result.stackTemplate.limit);
    expect(result.userdata.map((item) => item.node)).toContain('controller0');
  });

  it('refuses an output format it does not have', () => {
    const run = runCli(['show', 'certificates', '-o', 'xml'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--output must be text, json or yaml (got "xml")');
  });
});

describe(colorWanted, () => {
  it('colours a terminal, never under NO_COLOR, always under FORCE_COLOR', () => {
    expect(colorWanted({}, true)).toBe(true);
    expect(colorWanted({}, false)).toBe(false);
    expect(colorWanted({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorWanted({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorWanted({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorWanted({ FORCE_COLOR: '0' }, true)).toBe(true);
    expect(colorWanted({ FORCE_COLOR: '0' }, false)).toBe(false);
    expect(colorWanted({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });
});
