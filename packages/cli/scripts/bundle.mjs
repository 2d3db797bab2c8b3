// Bundles the kube-aws command into dist/bin.js, the file package.json's "bin" names, with what
// only some commands need in chunks under dist/bin/ that load when those commands run. Node then
// reads a handful of files instead of hundreds of modules (docs/adr/0014-credentials-at-openssl-speed.md).
// The input is tsc's output (dist/cli.js and the workspace packages' dist), so the bundle runs the
// code that the type-check saw. The build target runs it after tsc.
// Usage: node packages/cli/scripts/bundle.mjs
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('..', import.meta.url));

await rm(`${cli}/dist/bin`, { recursive: true, force: true });
await build({
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
  // Some dependencies are CommonJS and call require() for Node's modules; give each ES module one.
  banner: {
    js: "import { createRequire as __kubeAwsCreateRequire } from 'node:module'; const require = __kubeAwsCreateRequire(import.meta.url);",
  },
});
