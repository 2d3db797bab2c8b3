import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './runCli.js';
import { startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import { MOTO_ACCOUNT, prepareMotoAccount } from '../../../testing/motoAccount.js';

// A template is code: one edited in a pull request or an asset directory must not run anything
// when validate, up --export or diff fill it in, even with AWS credentials and sealed keys at hand.
const REGION = 'us-west-1';
let moto: MotoServer;
let dir: string;
let marker: string;

function kubeAws(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      KUBE_AWS_FLATCAR_OWNER: MOTO_ACCOUNT,
    },
  });
}

beforeAll(async () => {
  moto = await startMoto();
  const { keyArn } = await prepareMotoAccount(moto.endpoint, REGION);
  dir = mkdtempSync(join(tmpdir(), 'kube-aws-escape-'));
  marker = join(dir, 'pwned');
  const init = kubeAws([
    'init',
    '--cluster-name=escape',
    '--external-dns-name=escape.example.com',
    `--region=${REGION}`,
    `--availability-zone=${REGION}b`,
    '--key-name=key-pair-name',
    `--kms-key-arn=${keyArn}`,
  ]);
  expect(init.status, init.stderr).toBe(0);
  expect(kubeAws(['render']).status).toBe(0);
  // diff builds the stack only when there is one to compare with.
  const up = kubeAws(['up', '--yes']);
  expect(up.status, up.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await moto?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const WRITE = (path: string) => `process.getBuiltinModule('fs').writeFileSync('${path}', 'x')`;

describe('a template that tries to run code', () => {
  it.each([
    ['validate', ['validate', '--offline']],
    ['up --export', ['up', '--export']],
    ['diff', ['diff']],
  ])(
    'is refused by %s, at its line, and nothing runs',
    (_, args) => {
      const file = join(dir, 'cloud-config', 'cloud-config-controller');
      const original = readFileSync(file, 'utf8');
      writeFileSync(
        file,
        original.replace('\n', `\n# {{ range.constructor("${WRITE(marker)}")() }}\n`),
      );
      try {
        const run = kubeAws(args);
        expect(existsSync(marker)).toBe(false);
        expect(run.status, run.stderr).toBe(1);
        expect(run.stderr).toContain(
          'cloud-config/cloud-config-controller:2: calling a function is not allowed in a kube-aws template',
        );
        expect(run.stderr).not.toMatch(/\n\s+at /);
      } finally {
        writeFileSync(file, original);
      }
    },
    120_000,
  );
});
