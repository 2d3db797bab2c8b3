import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { colorWanted } from '../src/internal/colorWanted.js';
import { BIN, runCli } from './runCli.js';
import { ensureDebianPackages } from '../../../testing/ensureDebianPackages.js';

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

/** A shell word of `word`, for the command line `script -c` runs. */
const word = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Runs kube-aws on a real pseudo-terminal (util-linux's script), as a user at a terminal does:
 * stdout and stderr together, as the terminal showed them.
 */
function onTerminal(args: readonly string[], env: Record<string, string | undefined>): string {
  const command = [process.execPath, BIN, ...args].map(word).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm', ...env },
  });
  expect(result.error).toBeUndefined();
  return result.stdout;
}

describe('colours', () => {
  beforeAll(() => ensureDebianPackages(['script'], ['bsdutils']), 180_000);

  it('paints success green and failure red on a terminal', () => {
    expect(onTerminal(['validate', '--offline'], {})).toContain(`\u001b[32mValid:\u001b[0m ${dir}`);
    expect(onTerminal(['bogus'], {})).toContain('kube-aws: \u001b[31munknown command "bogus"');
    expect(onTerminal(['status', '-o', 'xml'], {})).toContain(
      'kube-aws status: \u001b[31m--output must be text, json or yaml',
    );
  }, 120_000); // each runs cfn-lint (validate) and several cold starts

  it('prints no escape sequence at all under NO_COLOR, even on a terminal', () => {
    for (const args of [
      ['validate', '--offline'],
      ['bogus'],
      ['status', '-o', 'xml'],
      ['show', 'certificates'],
      ['--help'],
    ]) {
      const text = onTerminal(args, { NO_COLOR: '1' });
      expect(text.length, args.join(' ')).toBeGreaterThan(0);
      expect(text, args.join(' ')).not.toContain('\u001b');
    }
    expect(onTerminal(['bogus'], { NO_COLOR: '1', FORCE_COLOR: '1' })).not.toContain('\u001b');
  }, 120_000); // each runs cfn-lint (validate) and several cold starts

  it('paints without a terminal under FORCE_COLOR, and not otherwise', () => {
    const forced = runCli(['bogus'], dir, { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(forced.stderr).toContain('\u001b[31munknown command');
    const piped = runCli(['bogus'], dir, { NO_COLOR: undefined, FORCE_COLOR: undefined });
    expect(piped.stderr).not.toContain('\u001b');
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
