import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { CliError } from '../CliError.js';

/** Where the cluster's API is and how to prove who we are to it, read from a kubeconfig. */
export interface KubeCredentials {
  /** The kubeconfig file they come from, for messages. */
  readonly path: string;
  /** The API server's URL, such as `https://kube.example.com`. */
  readonly server: string;
  /** PEM of the CA that signs the API server's certificate; undefined: the system's CAs. */
  readonly ca: string | undefined;
  readonly clientCertificate: string | undefined;
  readonly clientKey: string | undefined;
  readonly token: string | undefined;
  /** The name to expect on the server's certificate when it differs from the URL's host. */
  readonly tlsServerName: string | undefined;
}

type Fields = Readonly<Record<string, unknown>>;

function problem(path: string, text: string): CliError {
  return new CliError('CREDENTIALS_INVALID', `kubeconfig ${path}: ${text}`);
}

function named(list: unknown, name: string, kind: string, path: string): Fields {
  const entry = Array.isArray(list)
    ? (list as unknown[]).find(
        (item): item is Fields =>
          typeof item === 'object' && item !== null && (item as Fields).name === name,
      )
    : undefined;
  const body = entry?.[kind];
  if (typeof body !== 'object' || body === null)
    throw problem(path, `there is no ${kind} named ${JSON.stringify(name)}`);
  return body as Fields;
}

function text(fields: Fields, key: string, path: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw problem(path, `${key} must be a string`);
  return value;
}

/** A PEM or token given inline (`<key>-data`, base64) or as a file relative to the kubeconfig. */
async function material(fields: Fields, key: string, path: string): Promise<string | undefined> {
  const data = text(fields, `${key}-data`, path);
  if (data !== undefined) return Buffer.from(data, 'base64').toString('utf8');
  const file = text(fields, key, path);
  if (file === undefined) return undefined;
  const location = resolve(dirname(path), file);
  try {
    return await readFile(location, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
    throw new CliError(
      'FILE_NOT_FOUND',
      `kubeconfig ${path} names ${key} ${file}, which does not exist; kube-aws render writes it (and opens a secret that is present only sealed as .enc)`,
      { cause },
    );
  }
}

/**
 * Reads the current context of a kubeconfig: server, CA, client certificate and key or token.
 * Relative file names are relative to the kubeconfig, as kubectl reads them.
 * @throws {CliError} `FILE_NOT_FOUND` for a missing file, `CREDENTIALS_INVALID` for a kubeconfig
 * kube-aws check cannot use; the message never quotes the file's contents.
 */
export async function readKubeconfig(path: string): Promise<KubeCredentials> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
    throw new CliError(
      'FILE_NOT_FOUND',
      `there is no kubeconfig at ${path}; kube-aws render writes it into the asset directory, or pass --kubeconfig`,
      { cause },
    );
  }
  let document: unknown;
  try {
    document = parse(source);
  } catch (error) {
    // The parser's own message quotes the line, which may hold inline key data: give the place only.
    if (!(error instanceof YAMLParseError)) throw error;
    const at = error.linePos?.[0];
    throw problem(
      at === undefined ? path : `${path}:${at.line}:${at.col}`,
      `not valid YAML (${error.code})`,
    );
  }
  if (typeof document !== 'object' || document === null)
    throw problem(path, 'not a kubeconfig (expected a mapping with clusters, users and contexts)');
  const root = document as Fields;
  const contextName = root['current-context'];
  if (typeof contextName !== 'string' || contextName === '')
    throw problem(path, 'current-context is not set');
  const context = named(root.contexts, contextName, 'context', path);
  const cluster = named(root.clusters, String(context.cluster), 'cluster', path);
  const user = named(root.users, String(context.user), 'user', path);
  if (user.exec !== undefined || user['auth-provider'] !== undefined)
    throw problem(
      path,
      `user ${JSON.stringify(context.user)} signs in through a plugin (exec or auth-provider), which kube-aws check does not run; use the kubeconfig kube-aws render writes`,
    );
  const server = text(cluster, 'server', path);
  if (server === undefined || !/^https:\/\/[^/\s]+/.test(server))
    throw problem(path, `cluster ${JSON.stringify(context.cluster)} needs an https:// server`);
  return {
    path,
    server: server.replace(/\/+$/, ''),
    ca: await material(cluster, 'certificate-authority', path),
    clientCertificate: await material(user, 'client-certificate', path),
    clientKey: await material(user, 'client-key', path),
    token: text(user, 'token', path),
    tlsServerName: text(cluster, 'tls-server-name', path),
  };
}
