// The install that README.md and docs/getting-started.md give, done as a user does it, before
// anything is on npm: scripts/pack.mjs packs every package, the command it prints installs them
// into a global prefix of their own, and that kube-aws runs from a directory outside the
// repository, with none of the repository's node_modules in reach (ADR 0019).
// Costly (npm pack seven times, an install, a render): one set-up, then assertions on what it did.
import { spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
  };
const packages = readdirSync(join(root, 'packages')).map((name) =>
  manifestOf(join(root, 'packages', name)),
);
const cli = manifestOf(join(root, 'packages/cli'));
/** The tarball name npm pack gives a scoped package. */
const tarballOf = (name: string, version: string) =>
  `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

/** yaml-language-server's modeline; its value runs to the first whitespace (modelineUtil.ts). */
const MODELINE = /^#\s+yaml-language-server\s*:\s*\$schema=(\S+)$/;

/**
 * What a fresh shell has: no NODE_PATH, no npm_* variables of the npm that runs these tests, and a
 * PATH without the repository's node_modules/.bin. Kept: where node is, HOME (~/.npmrc and the
 * cache that npm ci filled), and the proxy, CA certificates, cache or registry the machine is set
 * up with (without its CA, npm behind a TLS-inspecting proxy retries until it times out).
 */
function cleanEnv(): Record<string, string> {
  const kept = [
    'HOME',
    'USER',
    'LANG',
    'TMPDIR',
    'HTTPS_PROXY',
    'HTTP_PROXY',
    'NO_PROXY',
    'https_proxy',
    'http_proxy',
    'no_proxy',
    'NODE_EXTRA_CA_CERTS',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'npm_config_cache',
    'npm_config_registry',
  ];
  const env: Record<string, string> = { NO_COLOR: '1' };
  for (const name of kept) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry !== '' && !entry.startsWith(root) && !/node_modules/.test(entry));
  env.PATH = [dirname(process.execPath), ...path].join(delimiter);
  return env;
}

interface Step {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one step of the install and throws, with everything it printed, unless it exits 0. */
function step(title: string, command: string, args: readonly string[], options: SpawnSyncOptions) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 5 * 60_000, ...options });
  const out = { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(
      `${title} failed: ${command} ${args.join(' ')} (cwd ${String(options.cwd)}) ${
        result.error?.message ?? `exited ${result.status ?? result.signal}`
      }\n--- stdout\n${out.stdout}\n--- stderr\n${out.stderr}`,
    );
  }
  return out satisfies Step;
}

describe('npm run pack, then the install command it prints', () => {
  const env = cleanEnv();
  let work: string;
  let packed: string;
  let prefix: string;
  let pack: Step;
  let installArgs: string[];
  let version: Step;
  let init: Step;
  let validate: Step;
  let clusterYaml: string;
  let started: number;
  let seconds: number;

  beforeAll(() => {
    started = Date.now();
    work = realpathSync(mkdtempSync(join(tmpdir(), 'kube-aws-install-')));
    packed = join(work, 'packed');
    // A space, as a home directory or C:\Program Files may have: the schema's URL must survive it.
    prefix = join(work, 'global prefix');
    const assets = join(work, 'my-cluster');
    mkdirSync(assets);

    pack = step('scripts/pack.mjs', process.execPath, ['scripts/pack.mjs', `--out=${packed}`], {
      cwd: root,
    });
    const command = pack.stdout.trimEnd().split('\n').at(-1)!;
    if (!command.startsWith('npm install --global '))
      throw new Error(`scripts/pack.mjs did not end with the install command:\n${pack.stdout}`);
    // The printed paths hold no space (the folder is ours), so splitting on spaces is exact.
    installArgs = command.split(' ').slice(1);
    step(
      'the install command',
      'npm',
      [...installArgs, '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: work, env },
    );

    const bin = join(prefix, 'bin', 'kube-aws');
    version = step('kube-aws --version', bin, ['--version'], { cwd: work, env });
    init = step('kube-aws init --sample', bin, ['init', '--sample'], { cwd: assets, env });
    clusterYaml = readFileSync(join(assets, 'cluster.yaml'), 'utf8');
    step('kube-aws render', bin, ['render'], { cwd: assets, env });
    validate = step('kube-aws validate --offline', bin, ['validate', '--offline'], {
      cwd: assets,
      env,
    });
    seconds = Math.round((Date.now() - started) / 1000);
  }, 15 * 60_000);

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('packs every workspace package', () => {
    expect(readdirSync(packed).sort()).toEqual(
      packages.map((pkg) => tarballOf(pkg.name, pkg.version)).sort(),
    );
  });

  it('installs the CLI and the workspace packages it depends on, and not the action', () => {
    const names = installArgs.slice(2).map((path) => path.slice(packed.length + 1));
    expect(installArgs.slice(0, 2)).toEqual(['install', '--global']);
    expect(names.sort()).toEqual(
      [
        '@kube-aws/asset-directory',
        '@kube-aws/aws-provisioner',
        '@kube-aws/cli',
        '@kube-aws/config-schema',
        '@kube-aws/pki',
        '@kube-aws/renderer',
      ].map((name) => tarballOf(name, cli.version)),
    );
  });

  it.each(['README.md', 'docs/getting-started.md'])('%s gives that install command', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    expect(text).toContain('npm ci && npm run pack\n');
    const line = /^npm install --global "\$PWD"\/packed\/kube-aws-\{([a-z,-]+)\}-(\S+)\.tgz$/m.exec(
      text,
    );
    expect(
      line,
      `${doc} has no npm install --global "$PWD"/packed/kube-aws-{…}-<version>.tgz`,
    ).not.toBeNull();
    const shown = line![1]!.split(',').map((name) => `kube-aws-${name}-${line![2]!}.tgz`);
    const printed = installArgs.slice(2).map((path) => path.slice(packed.length + 1));
    expect(shown.sort()).toEqual(printed.sort());
  });

  it("installs real copies in the prefix's node_modules, not links into the repository", () => {
    const scope = join(prefix, 'lib', 'node_modules', '@kube-aws');
    expect(readdirSync(scope).sort()).toEqual([
      'asset-directory',
      'aws-provisioner',
      'cli',
      'config-schema',
      'pki',
      'renderer',
    ]);
    for (const name of readdirSync(scope)) {
      expect(lstatSync(join(scope, name)).isSymbolicLink(), name).toBe(false);
      expect(realpathSync(join(scope, name)).startsWith(work + sep), name).toBe(true);
    }
    expect(env.NODE_PATH).toBeUndefined();
    expect(env.PATH!.split(delimiter).filter((entry) => entry.startsWith(root))).toEqual([]);
  });

  it("prints the CLI package's version", () => {
    expect(version.stdout).toBe(`kube-aws ${cli.version}\n`);
  });

  it('writes cluster.yaml with a modeline naming the installed schema file, which exists', () => {
    expect(init.stdout).toContain('Wrote cluster.yaml (mode 0600)');
    const firstLine = clusterYaml.split('\n')[0]!;
    const url = MODELINE.exec(firstLine)?.[1];
    expect(url, firstLine).toMatch(/^file:\/\/\/.*%20/);
    const file = fileURLToPath(url!);
    expect(file).toBe(
      join(prefix, 'lib/node_modules/@kube-aws/config-schema/schema/cluster.schema.json'),
    );
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(schema).toMatchObject({
      $id: 'https://unpkg.com/@kube-aws/config-schema/schema/cluster.schema.json',
      title: 'kube-aws cluster.yaml',
    });
  });

  it('renders the sample cluster and validates it offline', () => {
    expect(clusterYaml).toContain('clusterName: my-cluster-name');
    expect(validate.stdout).toMatch(/^Valid: .*my-cluster$/m);
    console.log(`pack, install, init, render and validate took ${seconds} s`);
  });
});
