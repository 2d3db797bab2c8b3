import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../testing/freePort.js';
import { startApiServerStandIn } from './apiServerStandIn.js';
import type { ApiServerStandIn } from './apiServerStandIn.js';
import { caseConfig } from './goldenFixtures.js';
import { goldenNodes } from './renderedNodes.js';
import { runWithEtcKubernetesAsync, SYSTEMD_PATH } from './runWithEtcKubernetes.js';
import { startAwsCli } from './startAwsCli.js';
import type { AwsCli } from './startAwsCli.js';

// /opt/bin/signal-ready runs on every new worker: once its Node is Ready in the API it signals its
// auto scaling group, which a rolling update waits for (WaitOnResourceSignals). It runs here as
// rendered, with the real kubectl against a stand-in of the API and the real aws CLI against a
// stand-in of CloudFormation's SignalResource (moto has none).

const NODE = 'ip-10-0-1-5.us-west-1.compute.internal';
const INSTANCE = 'i-0123456789abcdef0';
const work = mkdtempSync(join(tmpdir(), 'kube-aws-signal-'));
const config = caseConfig('guide-init');
const worker = goldenNodes().find(
  (node) => node.caseName === 'guide-init' && node.node === 'worker-default',
)!;

let awsCli: AwsCli;
let cloudFormation: Server;
let endpoint: string;
/** What CloudFormation answers next: 200, or an error code. */
let answer: { status: number; code?: string } = { status: 200 };
const signals: URLSearchParams[] = [];

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
}

beforeAll(async () => {
  awsCli = await startAwsCli();
  cloudFormation = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      signals.push(form);
      response.writeHead(answer.status, { 'content-type': 'text/xml' });
      response.end(
        answer.status === 200
          ? '<SignalResourceResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SignalResourceResponse>'
          : errorXml(
              answer.code!,
              answer.code === 'ValidationError'
                ? `Stack arn:aws:cloudformation:${config.region}:123456789012:stack/${config.clusterName}/x is in UPDATE_COMPLETE state and cannot be signaled`
                : 'User is not authorized to perform: cloudformation:SignalResource',
            ),
      );
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => cloudFormation.listen(port, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  await awsCli?.stop();
  await new Promise((resolve) => cloudFormation?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

/**
 * Runs signal-ready with the node's aws wrapper, and `docker` and `imds` stubs, first on PATH,
 * against a fresh API stand-in.
 */
async function signalReady(readyAfter: number) {
  const dir = mkdtempSync(join(work, 'run-'));
  let gets = 0;
  const nodePath = `/api/v1/nodes/${NODE}`;
  const node = (ready: boolean) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: NODE },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
  const api: ApiServerStandIn = await startApiServerStandIn(join(dir, 'tls'), [], (request) => {
    if (request.method !== 'GET' || request.path !== nodePath) return undefined;
    gets += 1;
    return { status: 200, body: node(gets > readyAfter) };
  });
  try {
    const etc = join(dir, 'etc-kubernetes');
    mkdirSync(etc);
    copyFileSync(api.kubeconfig, join(etc, 'kubelet.conf'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'docker'),
      `#!/bin/bash
set -euo pipefail
[ "$1 $2 $3" = "run --rm --net=host" ] || { echo "docker stub: unexpected $*" >&2; exit 2; }
shift 4
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_MAX_ATTEMPTS=1
exec ${awsCli.command} --endpoint-url ${endpoint} "$@"
`,
      { mode: 0o755 },
    );
    // The node's own aws wrapper, which runs the aws-cli image through docker (stubbed).
    writeFileSync(
      join(bin, 'aws'),
      worker.files.find((file) => file.path === '/opt/bin/aws')!.content,
      { mode: 0o755 },
    );
    writeFileSync(join(bin, 'imds'), `#!/bin/bash\n[ "$1" = instance-id ] && echo ${INSTANCE}\n`, {
      mode: 0o755,
    });
    const script = join(dir, 'signal-ready');
    const content = worker.files.find((file) => file.path === '/opt/bin/signal-ready')!.content;
    writeFileSync(script, content, { mode: 0o700 });
    signals.length = 0;
    const result = await runWithEtcKubernetesAsync(etc, '/etc/kubernetes', [script], {
      PATH: `${bin}:${SYSTEMD_PATH}`,
      NODE_NAME: NODE,
      HOME: dir,
    });
    return { ...result, gets, requests: [...api.requests] };
  } finally {
    await api.close();
  }
}

describe('/opt/bin/signal-ready against stand-ins of the API and of CloudFormation', () => {
  it('waits for its Node to be Ready, then signals its group SUCCESS once, as this instance', async () => {
    answer = { status: 200 };
    const result = await signalReady(1);
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.gets).toBe(2);
    expect(result.stdout).toContain(`waiting (1/60) for Node ${NODE} to be Ready`);
    expect(signals).toHaveLength(1);
    expect(Object.fromEntries(signals[0]!)).toMatchObject({
      Action: 'SignalResource',
      StackName: config.clusterName,
      LogicalResourceId: 'AutoScaleWorkerDefault',
      UniqueId: INSTANCE,
      Status: 'SUCCESS',
    });
  }, 60_000);

  it('outside a rolling update, takes CloudFormation refusing the signal as done', async () => {
    answer = { status: 400, code: 'ValidationError' };
    const result = await signalReady(0);
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('no update waits for this node:');
    expect(result.stdout).toContain('cannot be signaled');
  }, 60_000);

  it('fails on any other refusal, so systemd tries again', async () => {
    answer = { status: 403, code: 'AccessDenied' };
    const result = await signalReady(0);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('AccessDenied');
  }, 60_000);
});
