import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePem, readCertificateDer, readCertificateInfo } from '@kube-aws/pki';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fingerprintAssetDirectory,
  recordRenderFingerprint,
  RENDER_FINGERPRINT_FILE,
} from '@kube-aws/asset-directory';
import type { RenderFingerprint } from '@kube-aws/asset-directory';
import { skipUnchangedRender } from '../src/internal/skipUnchangedRender.js';
import {
  configOf,
  kubeAws,
  recordingIo,
  removeRenderedDirectories,
  renderedDirectory,
  TEST_BUILD,
} from './renderedDirectory.js';
import { runCli } from './runCli.js';
import { staticGraphText } from './staticImports.js';

afterAll(removeRenderedDirectories);

let dir: string;
const now = new Date();

async function record(at = now): Promise<boolean> {
  return recordRenderFingerprint(await configOf(dir), dir, { buildId: TEST_BUILD, now: at });
}

async function skip(args: readonly string[] = [], options: { at?: Date; build?: string } = {}) {
  const { io, out } = recordingIo(dir);
  const skipped = await skipUnchangedRender(args, io, {
    buildId: 'build' in options ? options.build : TEST_BUILD,
    now: options.at ?? now,
  });
  return { skipped, ...out };
}

function fingerprint(): RenderFingerprint {
  return JSON.parse(readFileSync(join(dir, RENDER_FINGERPRINT_FILE), 'utf8')) as RenderFingerprint;
}

const edit = (file: string, change: (text: string) => string) =>
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
const append = (file: string, text: string) => edit(file, (current) => current + text);

beforeEach(async () => {
  dir = await renderedDirectory();
  expect(await record()).toBe(true);
});

describe(skipUnchangedRender, () => {
  it('answers a render of the directory as the last render left it, and changes nothing', async () => {
    const before = readdirSync(join(dir, 'credentials')).map(
      (name) => statSync(join(dir, 'credentials', name)).mtimeMs,
    );
    const run = await skip();
    expect(run.skipped).toBe(true);
    expect(run.stdout).toBe(
      `Nothing changed since the last render: credentials/, kubeconfig and the templates are as it checked and left them (the first certificate expires ${fingerprint().validUntil}).\n`,
    );
    expect(run.stderr).toBe('');
    expect(
      readdirSync(join(dir, 'credentials')).map(
        (name) => statSync(join(dir, 'credentials', name)).mtimeMs,
      ),
    ).toEqual(before);
  });

  const changes: [string, () => void][] = [
    ['cluster.yaml gains a comment', () => append('cluster.yaml', '# a note\n')],
    ['a template is edited', () => append('cloud-config/cloud-config-worker', '# mine\n')],
    ['a template is missing', () => rmSync(join(dir, 'stack-template.json'))],
    ['kubeconfig is edited', () => append('kubeconfig', '# mine\n')],
    ['kubeconfig is missing', () => rmSync(join(dir, 'kubeconfig'))],
    ['a certificate is missing', () => rmSync(join(dir, 'credentials', 'apiserver.pem'))],
    [
      'a certificate is replaced by another',
      () =>
        writeFileSync(
          join(dir, 'credentials', 'apiserver.pem'),
          readFileSync(join(dir, 'credentials', 'admin.pem')),
        ),
    ],
    ['a key is missing', () => rmSync(join(dir, 'credentials', 'worker-key.pem'))],
    ['a key is readable by others', () => chmodSync(join(dir, 'credentials', 'ca-key.pem'), 0o644)],
    ['credentials/ is readable by others', () => chmodSync(join(dir, 'credentials'), 0o755)],
    [
      'a secret is sealed beside it',
      () => writeFileSync(join(dir, 'credentials', 'ca-key.pem.enc'), 'sealed'),
    ],
    ['render-state.json is edited', () => append('.kube-aws/render-state.json', ' ')],
    [
      'a killed render left a temporary file in credentials/',
      () => writeFileSync(join(dir, 'credentials', '.ca-key.pem.0123456789ab.tmp'), 'key'),
    ],
    [
      'a killed render left a temporary file beside cluster.yaml',
      () => writeFileSync(join(dir, '.kubeconfig.0123456789ab.tmp'), 'x'),
    ],
    [
      'a killed render left a temporary file in the rendered base',
      () =>
        writeFileSync(
          join(dir, '.kube-aws', 'rendered', 'cloud-config', '.addons.yaml.d2ab4afc9d85.tmp'),
          'x',
        ),
    ],
    [
      'cluster.yaml is a link to a copy of itself',
      () => {
        renameSync(join(dir, 'cluster.yaml'), join(dir, 'mine.yaml'));
        symlinkSync(join(dir, 'mine.yaml'), join(dir, 'cluster.yaml'));
      },
    ],
    [
      'a certificate is a link to a copy of itself',
      () => {
        renameSync(join(dir, 'credentials', 'ca.pem'), join(dir, 'ca.pem'));
        symlinkSync(join(dir, 'ca.pem'), join(dir, 'credentials', 'ca.pem'));
      },
    ],
  ];
  it.each(changes)('renders in full when %s', async (_, change) => {
    change();
    expect(await skip()).toEqual({ skipped: false, stdout: '', stderr: '' });
  });

  it('renders in full from the moment the first certificate expires, and before the last starts', async () => {
    const { validFrom, validUntil } = fingerprint();
    const dates = readdirSync(join(dir, 'credentials'))
      .filter((name) => name.endsWith('.pem') && !name.endsWith('-key.pem'))
      .map((name) => readFileSync(join(dir, 'credentials', name), 'utf8'))
      .filter((text) => text.includes('CERTIFICATE'))
      .map((text) =>
        readCertificateInfo(readCertificateDer(decodePem('CERTIFICATE', text, 'x')).certificate),
      );
    expect(Date.parse(validUntil)).toBe(Math.min(...dates.map((info) => info.notAfter.getTime())));
    const at = (time: number) => skip([], { at: new Date(time) });
    expect((await at(Date.parse(validUntil) - 1)).skipped).toBe(true);
    expect((await at(Date.parse(validUntil))).skipped).toBe(false);
    expect((await at(Date.parse(validFrom))).skipped).toBe(true);
    expect((await at(Date.parse(validFrom) - 1)).skipped).toBe(false);
  });

  it('renders in full with a flag that changes what render does, or for render credentials', async () => {
    for (const args of [
      ['--force'],
      ['--force-regenerate=apiserver'],
      ['credentials'],
      ['--help'],
      ['--no-such-flag'],
    ])
      expect((await skip(args)).skipped, args.join(' ')).toBe(false);
    expect((await skip(['--endpoint-url=http://127.0.0.1:1'])).skipped).toBe(true);
    const elsewhere = recordingIo(tmpdir());
    expect(
      await skipUnchangedRender([`--asset-dir=${dir}`], elsewhere.io, {
        buildId: TEST_BUILD,
        now,
      }),
    ).toBe(true);
  });

  it('renders in full with another kube-aws, with an unbundled one, or without a fingerprint', async () => {
    expect((await skip([], { build: 'another-build' })).skipped).toBe(false);
    expect((await skip([], { build: undefined })).skipped).toBe(false);
    const file = join(dir, RENDER_FINGERPRINT_FILE);
    writeFileSync(file, JSON.stringify({ ...fingerprint(), node: 'v0.0.0' }));
    expect((await skip()).skipped).toBe(false);
    writeFileSync(file, '{"version": 1');
    expect((await skip()).skipped).toBe(false);
    rmSync(file);
    expect((await skip()).skipped).toBe(false);
  });

  it('reads no path outside the asset directory that a fingerprint names, and trusts no partial one', async () => {
    const file = join(dir, RENDER_FINGERPRINT_FILE);
    const recorded = fingerprint();
    writeFileSync(file, JSON.stringify({ ...recorded, paths: [...recorded.paths, '../'] }));
    expect((await skip()).skipped).toBe(false);
    // Nor a fingerprint that leaves out what every render reads.
    const paths = recorded.paths.filter((path) => path !== 'credentials/');
    const identity = `${TEST_BUILD} ${process.version}`;
    const { digest } = (await fingerprintAssetDirectory(dir, paths, identity))!;
    writeFileSync(file, JSON.stringify({ ...recorded, paths, digest }));
    expect((await skip()).skipped).toBe(false);
  });

  const states: [string, () => void][] = [
    ['as a render makes it', () => undefined],
    [
      'with an edit of the stack template, merged',
      () =>
        edit('stack-template.json', (text) =>
          text.replace(/"Description": "[^"]*"/, '"Description": "my own words"'),
        ),
    ],
    [
      'with an edit of a cloud-config made before kube-aws kept bases, left alone',
      () => {
        append('cloud-config/cloud-config-worker', '# mine\n');
        rmSync(join(dir, '.kube-aws', 'rendered', 'cloud-config', 'cloud-config-worker'));
      },
    ],
    [
      "with cluster.yaml's warnings",
      () => {
        // Two controllers have other certificates: they are made anew.
        append('cluster.yaml', 'controller:\n  count: 2\n');
        rmSync(join(dir, 'credentials'), { recursive: true });
      },
    ],
  ];
  it.each(states)(
    'stands only for a state that a full render leaves as it is (%s), and prints its stderr',
    async (_, change) => {
      change();
      const first = await kubeAws(['render'], dir);
      expect(first.status, first.stderr).toBe(0);
      expect(await record()).toBe(true);
      const identity = `${TEST_BUILD} ${process.version}`;
      const before = await fingerprintAssetDirectory(dir, fingerprint().paths, identity);
      const again = await kubeAws(['render'], dir);
      expect(again.status).toBe(0);
      expect(again.stdout).not.toMatch(/Wrote|Generated/);
      const after = await fingerprintAssetDirectory(dir, fingerprint().paths, identity);
      expect(after!.digest).toBe(before!.digest);
      const skipped = await skip();
      expect(skipped.skipped).toBe(true);
      expect(skipped.stderr).toBe(again.stderr);
    },
  );

  it('prints what such a render prints on stderr: warnings, templates left alone', async () => {
    append('cluster.yaml', 'controller:\n  count: 2\n');
    rmSync(join(dir, 'credentials'), { recursive: true });
    append('cloud-config/cloud-config-worker', '# mine\n');
    rmSync(join(dir, '.kube-aws', 'rendered', 'cloud-config', 'cloud-config-worker'));
    expect((await kubeAws(['render'], dir)).status).toBe(0);
    expect(await record()).toBe(true);
    const { stderr } = await skip();
    expect(stderr).toContain('warning[even-controller-count]');
    expect(stderr).toContain('Left alone (edited before kube-aws kept a base to merge with;');
  });
});

describe('the kube-aws bundle', () => {
  it('records each render and answers the next one unchanged from it', () => {
    const run = (args: string[]) => runCli(args, dir);
    // The fingerprint there is of another build: the bundle renders in full, then records its own.
    expect(run(['render']).stdout).toContain('Kept as they were:');
    expect(run(['render']).stdout).toMatch(/^Nothing changed since the last render/);
    append('cluster.yaml', 'worker:\n  nodePools:\n    - name: default\n    - name: extra\n');
    const changed = run(['render']);
    expect(changed.status).toBe(0);
    expect(changed.stdout).toContain('Wrote stack-template.json');
    expect(changed.stdout).toContain('Kept as they were:');
    const recorded = fingerprint();
    expect(recorded.build).toMatch(/^[0-9a-f]{64}$/);
    expect(recorded.node).toBe(process.version);
    const again = run(['render']);
    expect(again).toEqual({
      status: 0,
      stdout: expect.stringMatching(/^Nothing changed since the last render/),
      stderr: '',
    });
    rmSync(join(dir, 'credentials', 'front-proxy-client.pem'));
    expect(run(['render']).stdout).toContain('Generated in credentials/: front-proxy-client\n');
    expect(existsSync(join(dir, 'credentials', 'front-proxy-client.pem'))).toBe(true);
  });

  it('answers from a chunk that loads no schema, YAML parser, PKI or templates', () => {
    const chunks = fileURLToPath(new URL('../dist/bin/', import.meta.url));
    const shortcut = readdirSync(chunks).filter((name) => name.startsWith('skipUnchangedRender-'));
    expect(shortcut).toHaveLength(1);
    const text = staticGraphText(join(chunks, shortcut[0]!));
    expect(text).toContain('function skipUnchangedRender(');
    for (const name of [
      'loadClusterConfig',
      'YAMLParseError',
      'TypeBoxError',
      'PublicKeyInfo',
      'renderAssets',
    ])
      expect(text).not.toContain(name);
  });
});
