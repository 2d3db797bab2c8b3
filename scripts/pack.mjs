#!/usr/bin/env node
// `npm run pack`: installs kube-aws from this clone, before (or without) anything on npm. It packs
// every workspace package with `npm pack` into one folder and prints the one command that installs
// the kube-aws command from those tarballs. `npm install --global ./packages/cli` alone cannot work:
// npm looks the CLI's @kube-aws/* dependencies up in the registry. Given together, the tarballs
// satisfy each other (docs/adr/0019-installing-and-releasing.md).
// The packages must be built first; `npm run pack` builds them.
// Usage: node scripts/pack.mjs [--out=<dir>]   (default: packed/ in the repository)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outArg = process.argv.find((arg) => arg.startsWith('--out='));
const out = resolve(outArg === undefined ? join(root, 'packed') : outArg.slice('--out='.length));

/** Every workspace package: its folder and package.json. */
const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const dir = join(root, 'packages', entry.name);
    return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
  });
const byName = new Map(packages.map((pkg) => [pkg.manifest.name, pkg]));

const unbuilt = packages.filter((pkg) => !existsSync(join(pkg.dir, 'dist/index.js')));
if (unbuilt.length > 0) {
  console.error(
    `Not built: ${unbuilt.map((pkg) => pkg.manifest.name).join(', ')}. Run npm run pack, which builds first.`,
  );
  process.exit(1);
}

/** The CLI and the workspace packages it needs, directly or not: what the install names. */
function withWorkspaceDependencies(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dependency of Object.keys(byName.get(name).manifest.dependencies ?? {}))
    if (byName.has(dependency)) withWorkspaceDependencies(dependency, seen);
  return seen;
}
const cli = packages.find((pkg) => pkg.manifest.bin?.['kube-aws'] !== undefined);
const forCli = withWorkspaceDependencies(cli.manifest.name);

// Tarballs of another version left in the folder would be installed too; start empty.
mkdirSync(out, { recursive: true });
for (const name of readdirSync(out)) if (name.endsWith('.tgz')) rmSync(join(out, name));

const pack = spawnSync(
  'npm',
  ['pack', '--workspaces', '--json', '--ignore-scripts', '--pack-destination', out],
  { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
if (pack.error) throw pack.error;
if (pack.status !== 0) {
  console.error(`npm pack failed (exit ${pack.status})`);
  process.exit(1);
}
const packed = JSON.parse(pack.stdout);
const missing = packages.filter(
  (pkg) => !packed.some((report) => report.name === pkg.manifest.name),
);
if (missing.length > 0) {
  console.error(
    `npm pack made no tarball for ${missing.map((pkg) => pkg.manifest.name).join(', ')}`,
  );
  process.exit(1);
}

/** A path as a POSIX shell word. */
const quote = (path) =>
  /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;

console.log(`Packed ${packed.length} packages into ${out}:`);
for (const report of packed) console.log(`  ${report.filename}  ${report.files.length} files`);
const tarballs = packed
  .filter((report) => forCli.has(report.name))
  .map((report) => quote(join(out, report.filename)));
console.log('\nInstall the kube-aws command from them (Node.js 20.19 or later):');
console.log(`npm install --global ${tarballs.join(' ')}`);
