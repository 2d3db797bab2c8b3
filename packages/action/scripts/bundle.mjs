// Bundles the action into dist/ at the repository root, which is committed (GitHub runs it as it
// is, with no npm install): dist/index.js, which action.yml's `main` names, and the parts it
// imports when it needs them (ADR 0015):
//   index.js                  the entry: prints the first log line with Node's modules alone
//   run.js                    inputs, signals, failure reports, the job summary
//   internal/planAndApply.js  modes plan and deploy: renderer, PKI, the SDK's four clients
//   internal/reportDrift.js   mode drift: config-schema and CloudFormation only
//   undici.cjs                undici, required by a part only when it is first used (lazyUndici)
// Each is a build of its own, so each is tree-shaken by itself: esbuild's code splitting would
// make every part import all that the packages' index files re-export for any other part.
// `mainFields` takes the ES-module builds, which esbuild can tree-shake.
// The output depends only on the sources and the lockfile: scripts/check-generated.mjs rebuilds it
// in CI and fails when the committed copy differs.
// Usage: node packages/action/scripts/bundle.mjs [--metafile=<path>]
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const metafile = process.argv.find((arg) => arg.startsWith('--metafile='))?.slice(11);
const source = 'packages/action/src';

/**
 * The parts, by output name; each import() of another part stays an import() of its file.
 * `clients`: the AWS clients loadAwsClients may import() there (none by default); the others are
 * left out, and importing one fails, naming the bug. Left in, an import() target would also make
 * esbuild keep, and run at start, every module of the SDK package it re-exports from.
 */
const PARTS = {
  index: { entry: `${source}/main.ts` },
  run: { entry: `${source}/run.ts` },
  // createAwsClients (the CLI's clientsFor) makes its clients; it imports them itself.
  'internal/planAndApply': { entry: `${source}/internal/planAndApply.ts`, staticOwnImports: true },
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
      return args.kind === 'dynamic-import' && !clients.includes(service)
        ? { path: service, namespace: 'client-left-out' }
        : undefined;
    });
    // The CLI's commands, which its main() imports when it runs one: the action never does, and a
    // file that import() reaches is wrapped (run at start, with all it imports, untree-shaken).
    build.onResolve({ filter: /^\.\/commands\/\w+\.js$/ }, (args) =>
      args.kind === 'dynamic-import' && /[\\/]cli[\\/]dist[\\/]main\.js$/.test(args.importer)
        ? { path: args.path, namespace: 'cli-command-left-out' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'cli-command-left-out' }, (args) => ({
      contents: `throw new Error('kube-aws bug: the action bundle has no CLI command (${args.path})');`,
      loader: 'js',
    }));
    build.onLoad({ filter: /.*/, namespace: 'client-left-out' }, (args) => ({
      contents: `throw new Error('kube-aws bug: this part of the action bundle has no ${args.path} client (packages/action/scripts/bundle.mjs)');`,
      loader: 'js',
    }));
  },
});

/**
 * The AWS SDK's schema modules describe every operation of a service in arrays whose objects have
 * computed keys (`{ [_xN]: 'Min' }`, `_xN` a string constant of the same file). esbuild cannot
 * tell that such a key has no side effect, so it keeps every schema: all of EC2's, 1 MiB and 30 MiB
 * of heap, for the handful of calls kube-aws makes. Writing each key as the string it is lets
 * esbuild drop the schemas no command uses. Only string constants are replaced; what the module
 * does is unchanged.
 */
const literalSchemaKeys = {
  name: 'literal-schema-keys',
  setup(build) {
    build.onLoad(
      {
        filter: /[\\/]@aws-sdk[\\/]client-[a-z0-9-]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/,
      },
      async (args) => {
        const text = await readFile(args.path, 'utf8');
        const strings = new Map(
          [...text.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)].map((match) => [
            match[1],
            match[2],
          ]),
        );
        return {
          contents: text.replace(/\[(_\w+)\]:/g, (key, name) =>
            strings.has(name) ? `${strings.get(name)}:` : key,
          ),
          loader: 'js',
        };
      },
    );
  },
};

/**
 * Inside kube-aws's packages, an import() of the package's own module (the CLI's render loads its
 * KMS step so) becomes a static import, in the parts that say so: they load those modules anyway,
 * and an import() target is wrapped, with all it imports, untree-shaken (see `parts`). The CLI's
 * main(), whose commands are left out, keeps its import()s.
 */
const staticOwnImports = {
  name: 'static-own-imports',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/][a-z-]+[\\/]dist[\\/].+\.js$/ }, async (args) => {
      if (/[\\/]cli[\\/]dist[\\/]main\.js$/.test(args.path)) return undefined;
      const text = await readFile(args.path, 'utf8');
      const specifiers = [
        ...new Set([...text.matchAll(/\bimport\('(\.\.?\/[^']+)'\)/g)].map((m) => m[1])),
      ];
      if (specifiers.length === 0) return undefined;
      const name = (index) => `__kubeAwsStaticImport${index}`;
      const imports = specifiers.map(
        (specifier, index) => `import * as ${name(index)} from '${specifier}';`,
      );
      const contents = specifiers.reduce(
        (code, specifier, index) =>
          code.replaceAll(`import('${specifier}')`, `Promise.resolve(${name(index)})`),
        text,
      );
      return {
        contents: `${imports.join('\n')}\n${contents}`,
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * undici, which @actions/http-client (through @actions/core) imports for its ProxyAgent, and
 * @actions/github for its fetch: loaded, it takes some 17 MiB, and every part would load its own
 * copy at start. Here it loads only when one of those two is first used: when the plan comment is
 * posted, or a request goes through a proxy. It is a file of its own, `dist/undici.cjs`, which a
 * part requires then: inside each part, its 400 KiB would be read and parsed in every mode (3 MiB
 * on Node in mode drift), and Deno analyses every module it loads before it runs it (20 MiB more
 * on a first run). `from` is the path of that file from the part's own.
 */
const lazyUndici = (from) => ({
  name: 'lazy-undici',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici', namespace: 'lazy-undici' }));
    build.onResolve({ filter: /\/undici\.cjs$/, namespace: 'lazy-undici' }, (args) => ({
      path: args.path,
      external: true,
    }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-undici' }, () => ({
      contents: [
        'let loaded;',
        `const undici = () => (loaded ??= require('${from}'));`,
        'module.exports = {',
        '  get ProxyAgent() { return undici().ProxyAgent; },',
        '  get fetch() { return undici().fetch; },',
        '};',
      ].join('\n'),
      loader: 'js',
    }));
  },
});

// Nothing of an earlier build may linger.
rmSync(`${root}/dist`, { recursive: true, force: true });
const metafiles = [];
for (const [name, { entry, clients = [], staticOwnImports: ownStatic = false }] of Object.entries(
  PARTS,
)) {
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
    plugins: [
      parts(clients),
      literalSchemaKeys,
      lazyUndici(name.includes('/') ? '../undici.cjs' : './undici.cjs'),
      ...(ownStatic ? [staticOwnImports] : []),
    ],
    // Some dependencies are CommonJS and call require() for Node's modules; give each file one.
    banner: {
      js: "import { createRequire as __kubeAwsCreateRequire } from 'node:module'; const require = __kubeAwsCreateRequire(import.meta.url);",
    },
  });
  metafiles.push(result.metafile);
}
// undici by itself, as CommonJS (as it is published), which the parts require when first used.
const undici = await build({
  absWorkingDir: root,
  stdin: { contents: "module.exports = require('undici');", resolveDir: root, loader: 'js' },
  outfile: 'dist/undici.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'external',
  metafile: metafile !== undefined,
  logLevel: 'warning',
});
metafiles.push(undici.metafile);
if (metafile !== undefined) {
  const { writeFile } = await import('node:fs/promises');
  const merged = { inputs: {}, outputs: {} };
  for (const each of metafiles) {
    Object.assign(merged.inputs, each.inputs);
    Object.assign(merged.outputs, each.outputs);
  }
  await writeFile(metafile, JSON.stringify(merged));
}
