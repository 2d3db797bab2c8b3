import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = readdirSync(join(root, 'packages')).filter((name) =>
  statSync(join(root, 'packages', name)).isDirectory(),
);

interface PackageJson {
  name: string;
  exports: Record<string, Record<string, string> | string>;
  files: string[];
}

function packedFiles(dir: string): string[] {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [report] = JSON.parse(output) as { files: { path: string }[] }[];
  return report!.files.map((file) => file.path).sort();
}

describe.each(packages)('packages/%s', (name) => {
  const dir = join(root, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

  it('has the shape every package has', () => {
    for (const path of [
      'src/index.ts',
      'src/internal',
      'tests',
      'README.md',
      'tsconfig.json',
      'tsconfig.lib.json',
      'tsconfig.spec.json',
      'vitest.config.ts',
      'eslint.config.mjs',
    ]) {
      expect(existsSync(join(dir, path)), path).toBe(true);
    }
    expect(existsSync(join(dir, 'project.json'))).toBe(false);
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.lib.json'), 'utf8')) as {
      extends: string;
    };
    expect(tsconfig.extends).toBe('../../tsconfig.base.json');
  });

  it('lists types first in its exports map', () => {
    const main = manifest.exports['.'] as Record<string, string>;
    expect(Object.keys(main)[0]).toBe('types');
  });

  it('src/index.ts only re-exports, and never from src/internal', () => {
    const index = readFileSync(join(dir, 'src/index.ts'), 'utf8');
    for (const line of index.split('\n').filter((line) => line.trim() !== '')) {
      expect(line).toMatch(
        /^export (type )?(\{[^}]*\}|\*) from '\.\/[^']+\.js';$|^export (type )?\{$|^ {2}\w+,?$|^\} from '\.\/[^']+\.js';$/,
      );
    }
    expect(index).not.toMatch(/from '\.\/internal\//);
  });

  it('would publish the build, types and README, and no tests, fixtures or sources', () => {
    const files = packedFiles(dir);
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(
      files.filter((file) =>
        /^(tests|src)\/|fixtures|\.test\.|tsbuildinfo|vitest\.config/.test(file),
      ),
    ).toEqual([]);
    if (name === 'config-schema') expect(files).toContain('schema/cluster.schema.json');
    if (name === 'cli') expect(files).toContain('dist/bin.js');
  });

  it('has a README with its purpose, an install line and a usage snippet', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme.startsWith(`# ${manifest.name}\n`)).toBe(true);
    expect(readme).toMatch(new RegExp(`npm install (--global )?${manifest.name}\\n`));
    expect(readme).toMatch(/```(ts|sh)\n/);
  });
});

// STYLE.md's arrows, with the asset directory library between the provisioner and its two users
// (ADR 0017): a package imports only packages to its left; the CLI and the action never each other.
const LAYERS = [
  ['config-schema'],
  ['pki'],
  ['renderer'],
  ['aws-provisioner'],
  ['asset-directory'],
  ['cli', 'action'],
];

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesOf(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the dependency arrows', () => {
  const layer = (name: string) => LAYERS.findIndex((names) => names.includes(name));

  it('place every package', () => {
    expect(packages.filter((name) => layer(name) === -1)).toEqual([]);
  });

  it.each(packages)('packages/%s depends only on packages to its left', (name) => {
    const dir = join(root, 'packages', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const used = new Set(
      Object.keys(manifest.dependencies ?? {})
        .filter((dependency) => dependency.startsWith('@kube-aws/'))
        .map((dependency) => dependency.slice('@kube-aws/'.length)),
    );
    for (const file of sourcesOf(join(dir, 'src')))
      for (const [, imported] of readFileSync(file, 'utf8').matchAll(/'@kube-aws\/([a-z-]+)/g))
        used.add(imported!);
    expect([...used].filter((other) => other !== name && layer(other) >= layer(name))).toEqual([]);
  });
});
