// Bundles the kube-aws command into dist/bin.js, the file package.json's "bin" names, with what
// only some commands need in chunks under dist/bin/ that load when those commands run. Node then
// reads a handful of files instead of hundreds of modules (docs/adr/0014-credentials-at-openssl-speed.md).
// The input is tsc's output (dist/cli.js and the workspace packages' dist), so the bundle runs the
// code that the type-check saw. The build target runs it after tsc.
// The build identity a render's fingerprint records (src/internal/buildId.ts) is the sha256 of the
// bundle's files, written into them in place of a placeholder of the same length.
// Usage: node packages/cli/scripts/bundle.mjs
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = fileURLToPath(new URL('..', import.meta.url));
const PLACEHOLDER = 'kube-aws-build-id:'.padEnd(64, '-');

/** Whether a resolved file is CommonJS: it sets exports and has no import or export statement. */
function isCommonJs(file) {
  if (!/\.c?js$/.test(file)) return false;
  const text = readFileSync(file, 'utf8');
  return (
    /\b(module\.exports\b|exports\.\w+\s*=|Object\.defineProperty\(exports\b)/.test(text) &&
    !/^\s*(import|export)\b[\s{*]/m.test(text)
  );
}

/**
 * Node gives `await import('yaml')`, a CommonJS package, its named exports; an esbuild chunk gives
 * only `default`, so `const { stringify } = await import('yaml')` broke in the bundle alone. Such an
 * import fails the build instead, naming the fix.
 */
const refuseDynamicCommonJs = {
  name: 'refuse-dynamic-commonjs',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const resolved = await bundle.resolve(args.path, {
        kind: 'import-statement',
        resolveDir: args.resolveDir,
        importer: args.importer,
      });
      if (resolved.errors.length > 0 || !isCommonJs(resolved.path)) return undefined;
      return {
        errors: [
          {
            text: `import('${args.path}') of a CommonJS package gives only its default export in the bundle (Node gives its names too): import it statically`,
          },
        ],
      };
    });
  },
};

const result = await build({
  absWorkingDir: cli,
  entryPoints: { bin: 'dist/cli.js' },
  outdir: 'dist',
  chunkNames: 'bin/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Whitespace and syntax only: a bug report's stack trace keeps its function names.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  write: false,
  define: { KUBE_AWS_BUILD_ID: JSON.stringify(PLACEHOLDER) },
  plugins: [refuseDynamicCommonJs],
  // Some dependencies are CommonJS and call require() for Node's modules; give each ES module one.
  banner: {
    js: "import { createRequire as __kubeAwsCreateRequire } from 'node:module'; const require = __kubeAwsCreateRequire(import.meta.url);",
  },
});

const files = result.outputFiles.toSorted((a, b) => (a.path < b.path ? -1 : 1));
const identity = createHash('sha256');
for (const file of files) identity.update(`${relative(cli, file.path)}\0`).update(file.contents);
const buildId = identity.digest('hex');
if (!files.some((file) => file.text.includes(PLACEHOLDER)))
  throw new Error(
    'the bundle does not hold the build-id placeholder: was src/internal/buildId.ts renamed?',
  );

await rm(`${cli}/dist/bin`, { recursive: true, force: true });
for (const file of files) {
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, file.text.replaceAll(PLACEHOLDER, buildId));
}
// An executable with its shebang, as npm makes a bin when it installs one.
await chmod(`${cli}/dist/bin.js`, 0o755);
