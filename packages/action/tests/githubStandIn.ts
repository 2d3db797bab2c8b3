import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

export interface GitHubStandIn {
  readonly url: string;
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * A loopback stand-in for the part of GitHub's REST API the action uses: listing, creating and
 * updating issue comments. It keeps the comments it was given and records every request.
 */
export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  const requests: RecordedRequest[] = [];
  const comments: { id: number; issue: number; body: string }[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const body = text === '' ? undefined : (JSON.parse(text) as { body?: string });
      const path = (request.url ?? '').split('?')[0]!;
      requests.push({
        method: request.method ?? '',
        path,
        body,
        authorization: request.headers.authorization,
      });
      const reply = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      const onIssue = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
      if (onIssue !== null) {
        const issue = Number(onIssue[1]);
        if (request.method === 'GET')
          return reply(
            200,
            comments.filter((comment) => comment.issue === issue),
          );
        if (request.method === 'POST') {
          const comment = { id: comments.length + 1, issue, body: body?.body ?? '' };
          comments.push(comment);
          return reply(201, comment);
        }
      }
      const update = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
      if (update !== null && request.method === 'PATCH') {
        const comment = comments.find((each) => each.id === Number(update[1]));
        if (comment !== undefined) {
          comment.body = body?.body ?? '';
          return reply(200, comment);
        }
      }
      reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
