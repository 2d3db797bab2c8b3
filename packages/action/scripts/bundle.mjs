// Bundles the action into dist/ at the repository root, which is committed (GitHub runs it as it
// is, with no npm install): dist/index.js, which action.yml's `main` names, and the parts it
// imports when it needs them (ADR 0015):
//   index.js                  the entry: prints the first log line with Node's modules alone
//   run.js                    inputs, signals, failure reports, the job summary
//   internal/planAndApply.js  modes plan and deploy: renderer, PKI, the SDK's four clients
//   internal/reportDrift.js   mode drift: config-schema and CloudFormation only
// Each is a build of its own, so each is tree-shaken by itself: esbuild's code splitting would
// make every part import all that the packages' index files re-export for any other part.
// `mainFields` takes the ES-module builds, which esbuild can tree-shake.
// The output depends only on the sources and the lockfile: scripts/check-generated.mjs rebuilds it
// in CI and fails when the committed copy differs.
// Usage: node packages/action/scripts/bundle.mjs [--metafile=<path>]
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const metafile = process.argv.find((arg) => arg.startsWith('--metafile='))?.slice(11);
const source = 'packages/action/src';

/**
 * The parts, by output name; each import() of another part stays an import() of its file.
 * `clients`: the AWS clients loadAwsClients may import() there; the others are left out, and
 * importing one fails, naming the bug.
 */
const PARTS = {
  index: { entry: `${source}/main.ts` },
  run: { entry: `${source}/run.ts` },
  'internal/planAndApply': { entry: `${source}/internal/planAndApply.ts` },
  'internal/reportDrift': {
    entry: `${source}/internal/reportDrift.ts`,
    clients: ['cloudFormation'],
  },
};
const partImport = /^\.\/(run|internal\/planAndApply|internal\/reportDrift)\.js$/;
const clientImport = /\/internal\/clients\/(cloudFormation|ec2|kms|s3)\.js$/;

const parts = (clients) => ({
  name: 'parts',
  setup(build) {
    build.onResolve({ filter: partImport }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
    build.onResolve({ filter: clientImport }, (args) => {
      const service = clientImport.exec(args.path)[1];
      return args.kind === 'dynamic-import' && clients !== undefined && !clients.includes(service)
        ? { path: service, namespace: 'client-left-out' }
        : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'client-left-out' }, (args) => ({
      contents: `throw new Error('kube-aws bug: this part of the action bundle has no ${args.path} client (packages/action/scripts/bundle.mjs)');`,
      loader: 'js',
    }));
  },
});

// Nothing of an earlier build may linger.
rmSync(`${root}/dist`, { recursive: true, force: true });
const metafiles = [];
for (const [name, { entry, clients }] of Object.entries(PARTS)) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { [name]: entry },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'external',
    metafile: metafile !== undefined,
    logLevel: 'warning',
    plugins: [parts(clients)],
    // Some dependencies are CommonJS and call require() for Node's modules; give each file one.
    banner: {
      js: "import { createRequire as __kubeAwsCreateRequire } from 'node:module'; const require = __kubeAwsCreateRequire(import.meta.url);",
    },
  });
  metafiles.push(result.metafile);
}
if (metafile !== undefined) {
  const { writeFile } = await import('node:fs/promises');
  const merged = { inputs: {}, outputs: {} };
  for (const each of metafiles) {
    Object.assign(merged.inputs, each.inputs);
    Object.assign(merged.outputs, each.outputs);
  }
  await writeFile(metafile, JSON.stringify(merged));
}
