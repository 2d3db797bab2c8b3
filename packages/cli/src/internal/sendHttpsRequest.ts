import { request as httpsRequest } from 'node:https';
import type { Agent } from 'node:https';

/** An answer, or why there is none and whether the TLS handshake had completed by then. */
export type HttpsOutcome =
  | { readonly status: number; readonly text: string }
  | { readonly failure: NodeJS.ErrnoException; readonly secured: boolean };

export interface HttpsRequestOptions {
  readonly method: string;
  readonly agent: Agent;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON body. */
  readonly payload: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
}

/**
 * Sends one HTTPS request and reads the whole answer. Network failures resolve as `failure`, so
 * the caller decides whose fault they are.
 * @throws the signal's reason when it aborts.
 */
export function sendHttpsRequest(url: URL, options: HttpsRequestOptions): Promise<HttpsOutcome> {
  const { payload, signal, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    let secured = false;
    const fail = (failure: NodeJS.ErrnoException): void =>
      signal?.aborted === true ? reject(signal.reason) : resolve({ failure, secured });
    const request = httpsRequest(
      url,
      {
        method: options.method,
        agent: options.agent,
        headers:
          payload === undefined
            ? options.headers
            : { ...options.headers, 'content-type': 'application/json' },
        ...(signal === undefined ? {} : { signal }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('socket', (socket) => socket.once('secureConnect', () => (secured = true)));
    request.setTimeout(timeoutMs, () =>
      request.destroy(
        Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' }),
      ),
    );
    request.on('error', fail);
    request.end(payload);
  });
}
