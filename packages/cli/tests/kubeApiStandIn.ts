import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { freePort } from '../../../testing/freePort.js';

/** PEM files made by the real openssl: a CA, the API server's certificate, an admin, and a rogue admin of another CA. */
export interface TestPki {
  readonly dir: string;
  readonly ca: string;
  readonly server: string;
  readonly serverKey: string;
  readonly admin: string;
  readonly adminKey: string;
  readonly rogue: string;
  readonly rogueKey: string;
}

/** Makes the test PKI with openssl in `dir` (ECDSA P-256, valid 2 days). */
export function makeTestPki(dir: string): TestPki {
  mkdirSync(dir, { recursive: true });
  const path = (name: string): string => join(dir, name);
  const newKey = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';
  // Every argument is free of spaces, so each command is written as one line.
  const openssl = (command: string): void => {
    execFileSync('openssl', command.split(' '), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  for (const ca of ['ca', 'other-ca'])
    openssl(`req -x509 ${newKey} -keyout ${ca}-key.pem -out ${ca}.pem -days 2 -subj /CN=${ca}`);
  const sign = (name: string, subject: string, extension: string, ca: string): void => {
    openssl(`req ${newKey} -keyout ${name}-key.pem -out ${name}.csr -subj ${subject}`);
    writeFileSync(path(`${name}.ext`), `${extension}\n`);
    openssl(
      `x509 -req -in ${name}.csr -CA ${ca}.pem -CAkey ${ca}-key.pem -CAcreateserial -days 2 -out ${name}.pem -extfile ${name}.ext`,
    );
  };
  sign('server', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1', 'ca');
  sign('admin', '/O=system:masters/CN=kube-admin', 'extendedKeyUsage=clientAuth', 'ca');
  sign('rogue', '/O=system:masters/CN=kube-admin', 'extendedKeyUsage=clientAuth', 'other-ca');
  return {
    dir,
    ca: path('ca.pem'),
    server: path('server.pem'),
    serverKey: path('server-key.pem'),
    admin: path('admin.pem'),
    adminKey: path('admin-key.pem'),
    rogue: path('rogue.pem'),
    rogueKey: path('rogue-key.pem'),
  };
}

type Json = Record<string, unknown>;

/** What the stand-in answers; `round` counts the GET /api/v1/nodes requests so far, from 1. */
export interface StandInScript {
  readonly nodes: (round: number) => Json[];
  readonly pods: (round: number) => Json[];
  /** The DNS probe pod's phase on each GET of it; the last one repeats. */
  readonly dnsPhases?: readonly string[];
  readonly dnsLog?: string;
  /** Answered with 401 when the request carries this bearer token. */
  readonly refusedToken?: string;
  /** Sees every request as it arrives, before it is answered. */
  readonly onRequest?: (request: RecordedRequest) => void;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Json | undefined;
  readonly authorization: string | undefined;
  /** The common name of the verified client certificate. */
  readonly clientName: string | undefined;
}

export interface KubeApiStandIn {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Starts a new scenario: forgets requests, rounds and probe pods. */
  play(script: StandInScript): void;
  close(): Promise<void>;
}

/** A Node in the shape the API answers: Ready and initialized unless told otherwise. */
export function node(
  name: string,
  options: { ready?: boolean; providerID?: string | null; uninitialized?: boolean } = {},
): Json {
  return {
    metadata: { name },
    spec: {
      ...(options.providerID === null
        ? {}
        : { providerID: options.providerID ?? 'aws:///us-west-1c/i-0123456789abcdef0' }),
      ...(options.uninitialized === true
        ? {
            taints: [
              {
                key: 'node.cloudprovider.kubernetes.io/uninitialized',
                value: 'true',
                effect: 'NoSchedule',
              },
            ],
          }
        : {}),
    },
    status: { conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] },
  };
}

/** A Pod in kube-system: Running and ready, or waiting for `waiting` (CrashLoopBackOff …). */
export function pod(
  name: string,
  options: { waiting?: string; phase?: string; labels?: Record<string, string> } = {},
): Json {
  const waiting = options.waiting;
  return {
    metadata: { name, namespace: 'kube-system', ...(options.labels && { labels: options.labels }) },
    status: {
      phase: options.phase ?? 'Running',
      containerStatuses: [
        {
          name: 'main',
          ready: waiting === undefined && (options.phase ?? 'Running') === 'Running',
          restartCount: waiting === undefined ? 0 : 5,
          state: waiting === undefined ? { running: {} } : { waiting: { reason: waiting } },
        },
      ],
    },
  };
}

const PODS = '/api/v1/namespaces/kube-system/pods';

/**
 * An HTTPS stand-in for the Kubernetes API on 127.0.0.1 that requires a client certificate signed
 * by the test CA, and answers nodes, kube-system pods and the DNS probe pod from a script.
 */
export async function startKubeApiStandIn(pki: TestPki): Promise<KubeApiStandIn> {
  let script: StandInScript = { nodes: () => [], pods: () => [] };
  let round = 0;
  const probes = new Map<string, { manifest: Json; gets: number }>();
  const requests: RecordedRequest[] = [];
  const server = createServer(
    {
      key: readFileSync(pki.serverKey),
      cert: readFileSync(pki.server),
      ca: readFileSync(pki.ca),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const certificate = (request.socket as TLSSocket).getPeerCertificate();
        const recorded: RecordedRequest = {
          method: request.method ?? 'GET',
          path: request.url ?? '/',
          body: text === '' ? undefined : (JSON.parse(text) as Json),
          authorization: request.headers.authorization,
          clientName:
            typeof certificate.subject?.CN === 'string' ? certificate.subject.CN : undefined,
        };
        requests.push(recorded);
        script.onRequest?.(recorded);
        const send = (status: number, body: unknown): void => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(typeof body === 'string' ? body : JSON.stringify(body));
        };
        if (
          script.refusedToken !== undefined &&
          recorded.authorization === `Bearer ${script.refusedToken}`
        )
          return send(401, { kind: 'Status', message: 'Unauthorized', code: 401 });
        const { method, path } = recorded;
        const probe =
          /^\/api\/v1\/namespaces\/kube-system\/pods\/([a-z0-9-]+)(\/log)?(\?.*)?$/.exec(path);
        if (method === 'GET' && path === '/api/v1/nodes') {
          round += 1;
          return send(200, { kind: 'NodeList', items: script.nodes(round) });
        }
        if (method === 'GET' && path === PODS)
          return send(200, { kind: 'PodList', items: script.pods(round) });
        if (method === 'POST' && path === PODS) {
          const name = ((recorded.body?.metadata ?? {}) as { name: string }).name;
          probes.set(name, { manifest: recorded.body!, gets: 0 });
          return send(201, recorded.body);
        }
        const entry = probe === null ? undefined : probes.get(probe[1]!);
        if (probe === null || entry === undefined)
          return send(404, { kind: 'Status', message: 'not found', code: 404 });
        if (method === 'DELETE') {
          probes.delete(probe[1]!);
          return send(200, entry.manifest);
        }
        if (probe[2] !== undefined) {
          response.writeHead(200, { 'content-type': 'text/plain' });
          return response.end(script.dnsLog ?? '');
        }
        const phases = script.dnsPhases ?? ['Succeeded'];
        const phase = phases[Math.min(entry.gets, phases.length - 1)]!;
        entry.gets += 1;
        return send(200, {
          ...entry.manifest,
          spec: { ...(entry.manifest.spec as Json), nodeName: 'ip-10-0-0-50' },
          status: {
            phase,
            containerStatuses: [
              {
                name: 'nslookup',
                ready: false,
                state: phase === 'Failed' ? { terminated: { exitCode: 1, reason: 'Error' } } : {},
              },
            ],
          },
        });
      });
    },
  );
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    play(next) {
      script = next;
      round = 0;
      probes.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
