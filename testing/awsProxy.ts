import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface AwsProxy {
  /** Point AWS_ENDPOINT_URL here. */
  readonly endpoint: string;
  /**
   * The operations that reached the target, in order: the query protocol's `Action`
   * (`ExecuteChangeSet`), the JSON protocol's target (`TrentService.Encrypt`), else `s3 PUT`.
   */
  readonly forwarded: readonly string[];
  /** Each request that reached the target: method, path with query, and headers (names in lower case). */
  readonly requests: readonly ForwardedRequest[];
  /** Holds every request for the operation: it never reaches the target and is never answered. */
  hold(operation: string): void;
  /** Resolves when a request for the operation is being held. */
  held(operation: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ForwardedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface AwsProxyOptions {
  /** Rewrites the target's answer to an operation, such as a stack status moto never shows. */
  readonly rewrite?: (operation: string, body: string) => string;
}

function operationOf(method: string, headers: IncomingHttpHeaders, body: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target;
  const action = new URLSearchParams(body).get('Action');
  return action ?? `s3 ${method}`;
}

/**
 * An HTTP proxy on loopback in front of an AWS emulator: it records what reached the emulator,
 * can hold an operation's requests (so a test acts while the client waits on one, with no timer)
 * and can rewrite answers.
 */
export async function startAwsProxy(
  target: string,
  options: AwsProxyOptions = {},
): Promise<AwsProxy> {
  const forwarded: string[] = [];
  const requests: ForwardedRequest[] = [];
  const holding = new Set<string>();
  const heldSockets: Socket[] = [];
  const waiting = new Map<string, (() => void)[]>();
  const heldOnce = new Set<string>();
  const upstream = new URL(target);
  const server = createServer((incoming, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = operationOf(incoming.method ?? 'GET', incoming.headers, body.toString());
      if (holding.has(operation)) {
        heldSockets.push(incoming.socket);
        heldOnce.add(operation);
        for (const resolve of waiting.get(operation) ?? []) resolve();
        waiting.delete(operation);
        return;
      }
      forwarded.push(operation);
      requests.push({
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
      });
      const outgoing = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            let text: string | Buffer = Buffer.concat(parts);
            if (options.rewrite !== undefined)
              text = options.rewrite(operation, text.toString('utf8'));
            const headers = { ...answer.headers };
            delete headers['content-length'];
            delete headers['transfer-encoding'];
            response.writeHead(answer.statusCode ?? 502, {
              ...headers,
              'content-length': Buffer.byteLength(text),
            });
            response.end(text);
          });
        },
      );
      outgoing.on('error', (error) => response.destroy(error));
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    forwarded,
    requests,
    hold: (operation) => void holding.add(operation),
    held: (operation) =>
      heldOnce.has(operation)
        ? Promise.resolve()
        : new Promise((resolve) =>
            waiting.set(operation, [...(waiting.get(operation) ?? []), resolve]),
          ),
    stop: async () => {
      for (const socket of heldSockets) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
