import { Agent } from 'node:https';
import { createSecureContext } from 'node:tls';
import { CliError } from '../CliError.js';
import { describeConnectionError } from './describeConnectionError.js';
import { sendHttpsRequest } from './sendHttpsRequest.js';
import type { KubeCredentials } from './readKubeconfig.js';

/** What the API server answered. */
export interface KubeResponse {
  /** The HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** The parsed JSON body; undefined when the body is not JSON. */
  readonly body: unknown;
  readonly text: string;
  /** Why there is no answer (status 0), or the API's own message for an error status. */
  readonly message: string;
}

export interface KubeRequestOptions {
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** A small client of the Kubernetes API: mutual TLS (or a token) from a kubeconfig. */
export interface KubeClient {
  readonly server: string;
  /**
   * Sends one request. Unreachable servers answer with status 0 and a message that says why.
   * @throws {CliError} `CREDENTIALS_INVALID` when the server refuses the kubeconfig (TLS, 401, 403);
   * the signal's reason when it aborts.
   */
  request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options?: KubeRequestOptions,
  ): Promise<KubeResponse>;
  close(): void;
}

/** How a connection that the server closes under us fails. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE']);

function messageOf(body: unknown, text: string): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : text.trim().slice(0, 200);
}

/**
 * A client for the kubeconfig's server. The TLS material is checked at once, so a key that does
 * not fit its certificate is reported before any request.
 * @throws {CliError} `CREDENTIALS_INVALID`
 */
export function createKubeClient(
  credentials: KubeCredentials,
  options: { readonly timeoutMs?: number } = {},
): KubeClient {
  const { server, ca, clientCertificate: cert, clientKey: key, token } = credentials;
  if ((cert === undefined) !== (key === undefined))
    throw new CliError(
      'CREDENTIALS_INVALID',
      `kubeconfig ${credentials.path}: a client certificate needs its key, and a key its certificate`,
    );
  if (cert === undefined && token === undefined)
    throw new CliError(
      'CREDENTIALS_INVALID',
      `kubeconfig ${credentials.path}: its user has neither a client certificate nor a token`,
    );
  const tls = {
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert, key }),
    ...(credentials.tlsServerName === undefined ? {} : { servername: credentials.tlsServerName }),
  };
  try {
    createSecureContext(tls);
  } catch (cause) {
    const reason = (cause as { reason?: string }).reason ?? (cause as Error).message;
    throw new CliError(
      'CREDENTIALS_INVALID',
      `kubeconfig ${credentials.path}: its certificate-authority, client-certificate and client-key cannot be used (${reason})`,
      { cause },
    );
  }
  const agent = new Agent({ ...tls, keepAlive: false });
  const timeoutMs = options.timeoutMs ?? 15_000;
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': 'kube-aws-check',
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
  };

  async function send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    call: KubeRequestOptions = {},
  ): Promise<KubeResponse> {
    const url = new URL(`${server}${path}`);
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    const attempt = () =>
      sendHttpsRequest(url, { method, agent, headers, payload, signal: call.signal, timeoutMs });
    let outcome = await attempt();
    // A reset right after the handshake is how a server that verifies client certificates in TLS
    // refuses one; it can also be a restart. Once more tells the two apart.
    if ('failure' in outcome && outcome.secured && DROPPED.has(outcome.failure.code ?? ''))
      outcome = await attempt();
    call.signal?.throwIfAborted();
    if ('failure' in outcome) {
      const problem = describeConnectionError(outcome.failure, {
        server,
        kubeconfig: credentials.path,
        secured: outcome.secured,
        hasClientCertificate: cert !== undefined,
      });
      if (problem.fault === 'credentials')
        throw new CliError('CREDENTIALS_INVALID', problem.message, { cause: outcome.failure });
      return { status: 0, body: undefined, text: '', message: problem.message };
    }
    let body: unknown;
    try {
      body = JSON.parse(outcome.text);
    } catch {
      body = undefined;
    }
    const message = messageOf(body, outcome.text);
    if (outcome.status === 401)
      throw new CliError(
        'CREDENTIALS_INVALID',
        `the API server at ${server} does not accept the credentials of ${credentials.path} (401 Unauthorized); is it the kubeconfig kube-aws render wrote for this cluster?`,
      );
    if (outcome.status === 403)
      throw new CliError(
        'CREDENTIALS_INVALID',
        `the user of ${credentials.path} may not ${method} ${path} (403 Forbidden: ${message}); kube-aws check needs a cluster admin, such as the kubeconfig kube-aws render writes`,
      );
    return { status: outcome.status, body, text: outcome.text, message };
  }

  return { server, request: send, close: () => agent.destroy() };
}
