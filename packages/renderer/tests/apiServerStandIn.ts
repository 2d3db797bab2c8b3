import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { findTool } from '../../../testing/findTool.js';
import { freePort } from '../../../testing/freePort.js';

type Json = Record<string, unknown>;

/** One request the stand-in answered, in the order it came. */
export interface RecordedRequest {
  readonly method: string;
  /** The path without its query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The body, when it was JSON (kubectl sends some writes as protobuf). */
  readonly body: Json | undefined;
  readonly contentType: string | undefined;
  /** The body as sent, JSON or protobuf, as latin1 text: protobuf keeps strings as they are. */
  readonly raw: string;
}

/** What a hook answers instead of the stand-in; undefined lets the stand-in answer. */
export type Answer = { status: number; body: Json } | undefined;

export interface ApiServerStandIn {
  readonly url: string;
  /** A kubeconfig (client certificate auth) for the stand-in, as the node's kubeconfigs are. */
  readonly kubeconfig: string;
  readonly requests: RecordedRequest[];
  /** The objects, by path: `/api/v1/nodes/<name>`, `/api/v1/namespaces/<ns>/pods/<name>`, … */
  readonly objects: Map<string, Json>;
  close(): Promise<void>;
}

interface Resource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly group?: string;
  readonly version?: string;
  readonly shortNames?: string[];
}

/** The resources kubectl looks up by discovery for what the node scripts do. */
const DISCOVERY: Record<string, Resource[]> = {
  '/api/v1': [
    { name: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'] },
    { name: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'] },
    // kubectl drain evicts only where discovery lists pods/eviction (kubectl
    // pkg/drain/drain.go CheckEvictionSupport).
    { name: 'pods/eviction', kind: 'Eviction', namespaced: true, group: 'policy', version: 'v1' },
  ],
  '/apis/apps/v1': [
    { name: 'daemonsets', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'] },
  ],
  '/apis/policy/v1': [
    { name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true },
  ],
  '/apis/certificates.k8s.io/v1': [
    {
      name: 'certificatesigningrequests',
      kind: 'CertificateSigningRequest',
      namespaced: false,
      shortNames: ['csr'],
    },
    {
      name: 'certificatesigningrequests/approval',
      kind: 'CertificateSigningRequest',
      namespaced: false,
    },
  ],
};

/** CA, server and client certificates made by the real openssl (ECDSA P-256, valid 2 days). */
function makeTls(dir: string): {
  ca: string;
  server: string;
  key: string;
  client: string;
  clientKey: string;
} {
  mkdirSync(dir, { recursive: true });
  const openssl = (...args: string[]) =>
    execFileSync(findTool('openssl'), args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=stand-in-ca',
  );
  const sign = (name: string, subject: string, extension: string) => {
    openssl(
      'req',
      ...newKey,
      '-keyout',
      `${name}-key.pem`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    writeFileSync(join(dir, `${name}.ext`), `${extension}\n`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  };
  sign('server', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1');
  sign('client', '/O=system:nodes/CN=system:node:test', 'extendedKeyUsage=clientAuth');
  return {
    ca: join(dir, 'ca.pem'),
    server: join(dir, 'server.pem'),
    key: join(dir, 'server-key.pem'),
    client: join(dir, 'client.pem'),
    clientKey: join(dir, 'client-key.pem'),
  };
}

/** Merges a JSON (merge or strategic merge) patch of plain fields into an object. */
function merge(target: Json, patch: Json): Json {
  const result: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = result[key];
    result[key] =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current !== null &&
      typeof current === 'object' &&
      !Array.isArray(current)
        ? merge(current as Json, value as Json)
        : value;
  }
  return result;
}

function fieldValue(object: Json, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Json | undefined)?.[key], object);
}

/**
 * An HTTPS stand-in for the Kubernetes API on 127.0.0.1 that requires a client certificate of its
 * own CA, answers discovery for what the node scripts use, and keeps objects in memory: GET of an
 * object or a list (namespaced or across namespaces, with a fieldSelector), PATCH, PUT, and POST
 * of an eviction (which deletes the pod). `hook` may answer a request first (a 429 for an eviction
 * a PodDisruptionBudget refuses). kubectl, the real one, talks to it.
 */
export async function startApiServerStandIn(
  dir: string,
  objects: Iterable<readonly [string, Json]>,
  hook: (request: RecordedRequest) => Answer = () => undefined,
): Promise<ApiServerStandIn> {
  const tls = makeTls(dir);
  const store = new Map(objects);
  const requests: RecordedRequest[] = [];
  const server = createServer(
    {
      key: readFileSync(tls.key),
      cert: readFileSync(tls.server),
      ca: readFileSync(tls.ca),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'https://127.0.0.1');
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: request.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          body:
            request.headers['content-type']?.includes('json') === true && text !== ''
              ? (JSON.parse(text) as Json)
              : undefined,
          contentType: request.headers['content-type'],
          raw: Buffer.concat(chunks).toString('latin1'),
        };
        requests.push(recorded);
        const send = (status: number, body: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        };
        const notFound = () =>
          send(404, {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'NotFound',
            code: 404,
          });
        const answer = hook(recorded);
        if (answer !== undefined) return send(answer.status, answer.body);
        const { method, path, body } = recorded;
        if (method === 'GET' && path === '/version')
          return send(200, { major: '1', minor: '36', gitVersion: 'v1.36.1' });
        if (method === 'GET' && path === '/api')
          return send(200, {
            kind: 'APIVersions',
            versions: ['v1'],
            serverAddressByClientCIDRs: [],
          });
        if (method === 'GET' && path === '/apis') {
          const groups = Object.keys(DISCOVERY)
            .filter((key) => key.startsWith('/apis/'))
            .map((key) => {
              const [, , name, version] = key.split('/');
              const groupVersion = { groupVersion: `${name}/${version}`, version };
              return { name, versions: [groupVersion], preferredVersion: groupVersion };
            });
          return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
        }
        const resources = DISCOVERY[path];
        if (method === 'GET' && resources !== undefined)
          return send(200, {
            kind: 'APIResourceList',
            apiVersion: 'v1',
            groupVersion: path.replace(/^\/apis?\//, ''),
            resources: resources.map((resource) => ({
              verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'],
              singularName: '',
              ...resource,
            })),
          });
        const eviction = /^(\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+)\/eviction$/.exec(path);
        if (method === 'POST' && eviction !== null) {
          if (!store.delete(eviction[1]!)) return notFound();
          return send(201, { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 201 });
        }
        const approval =
          /^(\/apis\/certificates\.k8s\.io\/v1\/certificatesigningrequests\/[^/]+)\/approval$/.exec(
            path,
          );
        if (method === 'PUT' && approval !== null && store.has(approval[1]!)) {
          // kubectl certificate approve sends the request back with an Approved condition.
          if (!recorded.raw.includes('Approved'))
            return send(422, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 422 });
          const object = store.get(approval[1]!)!;
          const approved = merge(object, {
            status: {
              conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove' }],
            },
          });
          store.set(approval[1]!, approved);
          return send(200, approved);
        }
        if (method === 'GET' && store.has(path)) return send(200, store.get(path));
        if (method === 'PATCH' && store.has(path)) {
          store.set(path, merge(store.get(path)!, body ?? {}));
          return send(200, store.get(path));
        }
        if (method === 'GET') {
          // A list: the objects one level below the path, or of this resource in every namespace.
          const [, prefix, resource] = /^(\/apis?\/(?:[^/]+\/)?v1)\/([a-z]+)$/.exec(path) ?? [];
          const namespaced = /^(.*\/namespaces\/[^/]+)\/([a-z]+)$/.exec(path);
          const items = [...store]
            .filter(([key]) =>
              namespaced !== null
                ? key.startsWith(`${path}/`) && !key.slice(path.length + 1).includes('/')
                : prefix !== undefined &&
                  (new RegExp(`^${prefix}/namespaces/[^/]+/${resource}/[^/]+$`).test(key) ||
                    new RegExp(`^${prefix}/${resource}/[^/]+$`).test(key)),
            )
            .map(([, object]) => object)
            .filter((object) =>
              (recorded.query.get('fieldSelector') ?? '')
                .split(',')
                .filter((term) => term !== '')
                .every((term) => {
                  const [field, value] = term.split('=');
                  return String(fieldValue(object, field!)) === value;
                }),
            );
          if (prefix === undefined && namespaced === null) return notFound();
          const groupVersion = (prefix ?? namespaced![1]!.replace(/\/namespaces\/.*$/, '')).replace(
            /^\/apis?\//,
            '',
          );
          const kind = DISCOVERY[prefix ?? namespaced![1]!.replace(/\/namespaces\/.*$/, '')]?.find(
            (item) => item.name === (resource ?? namespaced![2]),
          )?.kind;
          return send(200, { kind: `${kind}List`, apiVersion: groupVersion, metadata: {}, items });
        }
        return notFound();
      });
    },
  );
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${port}`;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'stand-in', cluster: { server: url, 'certificate-authority': tls.ca } }],
      users: [
        { name: 'node', user: { 'client-certificate': tls.client, 'client-key': tls.clientKey } },
      ],
      contexts: [{ name: 'stand-in', context: { cluster: 'stand-in', user: 'node' } }],
      'current-context': 'stand-in',
    }),
  );
  return {
    url,
    kubeconfig,
    requests,
    objects: store,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
