import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { BIN, runCli } from './runCli.js';
import { staticImports } from './staticImports.js';

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

describe(main, () => {
  it('prints the version', () => {
    const run = runCli(['--version'], tmpdir());
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`kube-aws ${version}\n`);
  });

  it('lists the commands and the exit codes in --help', () => {
    const run = runCli(['--help'], tmpdir());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('init');
    expect(run.stdout).toContain(
      'Exit codes: 0 ok, 1 wrong input or refused, 2 a bug in kube-aws, 3 diff found changes, 4 AWS failed, 130 interrupted.',
    );
  });

  it('shows a command help through kube-aws help <command>', () => {
    expect(runCli(['help', 'init'], tmpdir()).stdout).toContain('Usage: kube-aws init');
  });

  it('fails with exit code 1 and a suggestion for an unknown command', () => {
    const run = runCli(['inti'], tmpdir());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('unknown command "inti"; did you mean init?');
  });

  it("takes a name of Object.prototype's for what it is, an unknown command", () => {
    const run = runCli(['toString'], tmpdir());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('unknown command "toString"');
  });

  it('has every command of the guide', () => {
    const help = runCli(['--help'], tmpdir()).stdout;
    for (const command of [
      'init',
      'render',
      'validate',
      'up',
      'update',
      'diff',
      'status',
      'destroy',
      'show',
    ])
      expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('prints help and exits 0 when run without a command', async () => {
    let out = '';
    const code = await main([], {
      stdout: (text) => (out += text),
      stderr: () => undefined,
      cwd: tmpdir(),
      env: {},
    });
    expect(code).toBe(0);
    expect(out).toContain('Usage: kube-aws <command>');
  });

  it('starts without loading any command module, schema or YAML parser', () => {
    const loaded = [...staticImports(BIN)];
    const files = loaded.filter((path) => path.startsWith('/'));
    // Each command is a chunk named after it (dist/bin/renderCommand-<hash>.js), loaded when it runs.
    expect(files.filter((path) => /Command-/.test(path))).toEqual([]);
    const text = files.map((path) => readFileSync(path, 'utf8')).join('\n');
    // Names the bundle keeps (identifiers are not minified) from config-schema, yaml and TypeBox.
    for (const name of ['loadClusterConfig', 'YAMLParseError', 'TypeBoxError'])
      expect(text).not.toContain(name);
    expect(text).toContain('function main(');
    expect(loaded.filter((path) => !path.startsWith('/') && !path.startsWith('node:'))).toEqual([]);
  });

  it('has a bin that is an executable ES module with a node shebang', () => {
    expect(
      readFileSync(fileURLToPath(new URL('../dist/bin.js', import.meta.url)), 'utf8').startsWith(
        '#!/usr/bin/env node\n',
      ),
    ).toBe(true);
  });
});
