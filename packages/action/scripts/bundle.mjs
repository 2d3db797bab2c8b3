// Bundles the action into one file, dist/index.js at the repository root, which action.yml's
// `main` names and which is committed (GitHub runs it as it is, with no npm install).
// The output depends only on the sources and the lockfile: scripts/check-generated.mjs rebuilds it
// in CI and fails when the committed copy differs.
// Usage: node packages/action/scripts/bundle.mjs [--metafile=<path>]
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const metafile = process.argv.find((arg) => arg.startsWith('--metafile='))?.slice(11);

const result = await build({
  absWorkingDir: root,
  entryPoints: ['packages/action/src/main.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'external',
  metafile: metafile !== undefined,
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require() for Node's modules; give the ES module one.
  banner: {
    js: "import { createRequire as __kubeAwsCreateRequire } from 'node:module'; const require = __kubeAwsCreateRequire(import.meta.url);",
  },
});
if (metafile !== undefined) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(metafile, JSON.stringify(result.metafile));
}
