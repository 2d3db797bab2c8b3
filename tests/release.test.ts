// scripts/release.mjs, which .github/workflows/release.yml runs (docs/releasing.md).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = 'scripts/release.mjs';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

const manifestsOf = (dir: string): Manifest[] =>
  readdirSync(join(dir, 'packages')).map(
    (name) =>
      JSON.parse(readFileSync(join(dir, 'packages', name, 'package.json'), 'utf8')) as Manifest,
  );

function release(dir: string, args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_OUTPUT: '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const manifests = manifestsOf(root);
const version = manifests[0]!.version;

describe(SCRIPT, () => {
  let copy: string;
  beforeAll(() => {
    // The manifests, the lockfile and the script: what `set` reads and writes.
    copy = mkdtempSync(join(tmpdir(), 'kube-aws-release-'));
    for (const file of ['package.json', 'package-lock.json', SCRIPT])
      cpSync(join(root, file), join(copy, file));
    for (const name of readdirSync(join(root, 'packages'))) {
      mkdirSync(join(copy, 'packages', name), { recursive: true });
      cpSync(
        join(root, 'packages', name, 'package.json'),
        join(copy, 'packages', name, 'package.json'),
      );
    }
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('finds every package at one version, each @kube-aws/* dependency pinned to it', () => {
    const run = release(root, ['version']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${version}\n`);
    const names = new Set(manifests.map((manifest) => manifest.name));
    for (const manifest of manifests) {
      expect(manifest.version, manifest.name).toBe(version);
      for (const [name, range] of Object.entries(manifest.dependencies ?? {}))
        if (names.has(name)) expect(range, `${manifest.name} → ${name}`).toBe(version);
    }
  });

  it("checks a tag against the version, giving the npm dist-tag and the action's major tag", () => {
    const outputs = join(copy, 'github-output');
    const run = release(root, ['check', `v${version}`], { GITHUB_OUTPUT: outputs });
    expect(run.status).toBe(0);
    const major = `v${version.split('.')[0]}`;
    const expected = `version=${version}\ndist-tag=latest\nmajor-tag=${major}\n`;
    expect(run.stdout).toBe(expected);
    expect(readFileSync(outputs, 'utf8')).toBe(expected);
  });

  it('refuses a tag of another version, or one that is not v<semver>', () => {
    expect(release(root, ['check', 'v99.0.0'])).toMatchObject({
      status: 1,
      stderr: `release: tag v99.0.0 names 99.0.0, but the packages are at ${version}\n`,
    });
    for (const tag of [version, `v${version}+build.1`, 'v1.2', 'latest'])
      expect(release(root, ['check', tag]).stderr, tag).toMatch(
        /is not a release tag such as v1\.2\.3/,
      );
  });

  it('publishes each package after those it depends on, with provenance, public', () => {
    const run = release(root, ['publish', `v${version}`, '--dry-run']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const order = lines.map((line) => line.split(':')[0]!);
    expect(order.sort()).toEqual(manifests.map((manifest) => manifest.name).sort());
    const position = new Map(lines.map((line, at) => [line.split(':')[0]!, at]));
    for (const manifest of manifests)
      for (const name of Object.keys(manifest.dependencies ?? {}))
        if (position.has(name))
          expect(position.get(name)).toBeLessThan(position.get(manifest.name)!);
    for (const line of lines)
      expect(line).toMatch(/: npm publish --provenance --access public --tag latest$/);
  });

  it('sets a new version in every package.json and the lockfile; a pre-release goes to next', () => {
    const run = release(copy, ['set', '1.2.3-rc.1']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Every package is at 1.2.3-rc.1.');
    for (const manifest of manifestsOf(copy)) {
      expect(manifest.version).toBe('1.2.3-rc.1');
      for (const [name, range] of Object.entries(manifest.dependencies ?? {}))
        if (name.startsWith('@kube-aws/')) expect(range).toBe('1.2.3-rc.1');
    }
    const lock = JSON.parse(readFileSync(join(copy, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, Manifest>;
    };
    for (const name of readdirSync(join(copy, 'packages')))
      expect(lock.packages[`packages/${name}`]!.version).toBe('1.2.3-rc.1');
    expect(release(copy, ['check', 'v1.2.3-rc.1']).stdout).toBe(
      'version=1.2.3-rc.1\ndist-tag=next\nmajor-tag=\n',
    );
    expect(release(copy, ['set', 'one'])).toMatchObject({ status: 1 });
  });
});
