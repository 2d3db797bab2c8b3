#!/usr/bin/env node
// The steps of a release that are more than one command (docs/releasing.md). Every workspace
// package has one version, and each @kube-aws/* dependency names exactly that version.
// Usage:
//   node scripts/release.mjs version                   print the one version, or fail naming the odd ones
//   node scripts/release.mjs set <version>             set it in every package.json and the lockfile
//   node scripts/release.mjs check <tag>               the tag is v<version>; prints the npm dist-tag
//                                                      and the action's major tag (also to $GITHUB_OUTPUT)
//   node scripts/release.mjs publish <tag> [--dry-run] npm publish --provenance each package, those it
//                                                      depends on first; a version already on npm is skipped
import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// semver.org's grammar, less build metadata (npm ignores it, so two tags would publish one version).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited ${result.status}`);
  return result;
}

/** Every workspace package: folder, package.json path and parsed manifest. */
function readPackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(root, 'packages', entry.name);
      const file = join(dir, 'package.json');
      return { dir, file, manifest: JSON.parse(readFileSync(file, 'utf8')) };
    });
}

/** The workspace packages each one depends on. */
function internalDependencies(pkg, names) {
  return Object.keys(pkg.manifest.dependencies ?? {}).filter((name) => names.has(name));
}

/** The one version every package has, after checking each package and @kube-aws/* dependency. */
function oneVersion(packages) {
  const names = new Set(packages.map((pkg) => pkg.manifest.name));
  const versions = new Set(packages.map((pkg) => pkg.manifest.version));
  if (versions.size !== 1) {
    const each = packages.map((pkg) => `${pkg.manifest.name}@${pkg.manifest.version}`);
    fail(`the packages have ${versions.size} versions (${each.join(', ')}); run release.mjs set`);
  }
  const [version] = versions;
  const odd = packages.flatMap((pkg) =>
    internalDependencies(pkg, names)
      .filter((name) => pkg.manifest.dependencies[name] !== version)
      .map((name) => `${pkg.manifest.name} depends on ${name}@${pkg.manifest.dependencies[name]}`),
  );
  if (odd.length > 0) fail(`${odd.join('; ')}, not ${version}; run release.mjs set`);
  return version;
}

/** Packages ordered so that each comes after those it depends on (then by name). */
function dependencyOrder(packages) {
  const names = new Set(packages.map((pkg) => pkg.manifest.name));
  const done = new Set();
  const order = [];
  while (order.length < packages.length) {
    const ready = packages
      .filter((pkg) => !done.has(pkg.manifest.name))
      .filter((pkg) => internalDependencies(pkg, names).every((name) => done.has(name)))
      .sort((a, b) => (a.manifest.name < b.manifest.name ? -1 : 1));
    if (ready.length === 0) fail('the packages depend on each other in a cycle');
    order.push(ready[0]);
    done.add(ready[0].manifest.name);
  }
  return order;
}

/** The version a tag names, its npm dist-tag, and the action's major tag that follows it. */
function releaseOf(tag, version) {
  if (!/^v/.test(tag ?? '') || !SEMVER.test(tag.slice(1)))
    fail(`${JSON.stringify(tag)} is not a release tag such as v1.2.3 or v1.3.0-rc.1`);
  if (tag.slice(1) !== version)
    fail(`tag ${tag} names ${tag.slice(1)}, but the packages are at ${version}`);
  const prerelease = version.includes('-');
  return {
    version,
    distTag: prerelease ? 'next' : 'latest',
    majorTag: prerelease ? '' : `v${version.split('.')[0]}`,
  };
}

const [command, argument] = process.argv.slice(2);
const packages = readPackages();

if (command === 'version') {
  console.log(oneVersion(packages));
} else if (command === 'set') {
  if (!SEMVER.test(argument ?? '')) fail(`${JSON.stringify(argument)} is not a version`);
  const names = new Set(packages.map((pkg) => pkg.manifest.name));
  for (const pkg of packages) {
    pkg.manifest.version = argument;
    for (const name of internalDependencies(pkg, names)) pkg.manifest.dependencies[name] = argument;
    writeFileSync(pkg.file, `${JSON.stringify(pkg.manifest, null, 2)}\n`);
  }
  // npm version --workspaces would leave the dependencies at the old version, which no registry has.
  run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']);
  console.log(`Every package is at ${oneVersion(readPackages())}. Commit, then tag v${argument}.`);
} else if (command === 'check') {
  const release = releaseOf(argument, oneVersion(packages));
  console.log(
    `version=${release.version}\ndist-tag=${release.distTag}\nmajor-tag=${release.majorTag}`,
  );
  if (process.env.GITHUB_OUTPUT) {
    appendFileSync(
      process.env.GITHUB_OUTPUT,
      `version=${release.version}\ndist-tag=${release.distTag}\nmajor-tag=${release.majorTag}\n`,
    );
  }
} else if (command === 'publish') {
  const dryRun = process.argv.includes('--dry-run');
  const release = releaseOf(argument, oneVersion(packages));
  // npm checks a provenance statement against package.json's repository, which must name the
  // repository the workflow runs in; the packages leave it out so that a fork publishes as itself.
  const repository = process.env.GITHUB_REPOSITORY;
  if (!dryRun && !repository) fail('GITHUB_REPOSITORY is not set: publish runs in GitHub Actions');
  const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  for (const pkg of dependencyOrder(packages)) {
    const { name } = pkg.manifest;
    const args = ['publish', '--provenance', '--access', 'public', '--tag', release.distTag];
    if (dryRun) {
      console.log(`${name}: npm ${args.join(' ')}`);
      continue;
    }
    const seen = spawnSync('npm', ['view', `${name}@${release.version}`, 'version'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (seen.status === 0 && seen.stdout.trim() === release.version) {
      console.log(`${name}@${release.version} is on npm already; skipped`);
      continue;
    }
    pkg.manifest.repository = {
      type: 'git',
      url: `git+${server}/${repository}.git`,
      directory: `packages/${pkg.dir.split(/[\\/]/).at(-1)}`,
    };
    writeFileSync(pkg.file, `${JSON.stringify(pkg.manifest, null, 2)}\n`);
    run('npm', args, { cwd: pkg.dir });
  }
} else {
  fail(
    `unknown command ${JSON.stringify(command)}; see the usage at the top of scripts/release.mjs`,
  );
}
