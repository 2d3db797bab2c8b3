import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as Ec2Sdk from '@aws-sdk/client-ec2';
import type * as S3Sdk from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAwsClients,
  describeStackStatus,
  loadAwsClients,
  MAX_ATTEMPTS,
  ProvisionError,
} from '../src/index.js';

/** Which SDK clients were constructed, in order: the EC2 and S3 classes count their instances. */
const constructed = vi.hoisted(() => [] as string[]);
vi.mock('@aws-sdk/client-ec2', async (importOriginal) => {
  const sdk = await importOriginal<typeof Ec2Sdk>();
  class EC2Client extends sdk.EC2Client {
    constructor(...args: ConstructorParameters<typeof sdk.EC2Client>) {
      super(...args);
      constructed.push('ec2');
    }
  }
  return { ...sdk, EC2Client };
});
vi.mock('@aws-sdk/client-s3', async (importOriginal) => {
  const sdk = await importOriginal<typeof S3Sdk>();
  class S3Client extends sdk.S3Client {
    constructor(...args: ConstructorParameters<typeof sdk.S3Client>) {
      super(...args);
      constructed.push('s3');
    }
  }
  return { ...sdk, S3Client };
});

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const THROTTLED = `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>`;
const STACK = `<DescribeStacksResponse xmlns="${XMLNS}"><DescribeStacksResult><Stacks><member><StackName>demo</StackName><StackId>arn:stack</StackId><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-11-24T12:00:00Z</CreationTime><Tags><member><Key>kube-aws:cluster</Key><Value>demo</Value></member></Tags></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`;

/**
 * CloudFormation on loopback, answering each request through `answer` (request number from 1):
 * the real SDK, with its retry middleware, talks to it; aws-sdk-client-mock would bypass both.
 */
let answer: (request: number, response: ServerResponse) => void;
let requests = 0;
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(++requests, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = 0;
});

function reply(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/xml' }).end(body);
}

// ADR 0007: one retry policy, the SDK's adaptive mode; kube-aws adds no retries of its own.
describe(createAwsClients, () => {
  it("retries in the SDK's adaptive mode, with kube-aws's number of attempts", async () => {
    const { cloudFormation, ec2, kms, s3 } = createAwsClients({ region: 'us-west-1', endpoint });
    for (const client of [cloudFormation, ec2, kms, s3]) {
      expect(await client.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
      expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
    }
  });

  it('makes each client when it is first used, and only once', () => {
    constructed.length = 0;
    const clients = createAwsClients({ region: 'us-west-1', endpoint });
    expect(constructed).toEqual([]);
    expect(Object.keys(clients)).toEqual(['cloudFormation', 'ec2', 'kms', 's3']);
    const ec2 = clients.ec2;
    expect(clients.ec2).toBe(ec2);
    expect(constructed).toEqual(['ec2']);
  });

  it('counts calls through onCall, on a client made late', async () => {
    answer = (_, response) => reply(response, 200, STACK);
    const calls: string[] = [];
    const clients = createAwsClients({
      region: 'us-west-1',
      endpoint,
      onCall: (client, command) => calls.push(`${client} ${command}`),
    });
    await describeStackStatus(clients, 'demo');
    await describeStackStatus(clients, 'demo');
    expect(calls).toEqual([
      'CloudFormationClient DescribeStacksCommand',
      'CloudFormationClient DescribeStacksCommand',
    ]);
  });

  it('tries a throttled call maxAttempts times in all, then reports AWS refused it', async () => {
    answer = (_, response) => reply(response, 400, THROTTLED);
    const clients = createAwsClients({ region: 'us-west-1', endpoint, maxAttempts: 2 });
    const error = (await describeStackStatus(clients, 'demo').catch(
      (caught: unknown) => caught,
    )) as ProvisionError;
    expect(ProvisionError.is(error)).toBe(true);
    expect(error.message).toBe(
      'AWS refused DescribeStacks for stack demo: Throttling: Rate exceeded',
    );
    // Two, not two times kube-aws's own retries as before.
    expect(requests).toBe(2);
  });

  it('stops between attempts when the signal aborts, and leaves no listener on it', async () => {
    const controller = new AbortController();
    answer = (request, response) => {
      reply(response, 400, THROTTLED);
      // The client reads this answer after the abort: the SDK is then between attempts.
      if (request === 2) controller.abort(new Error('interrupted'));
    };
    const clients = createAwsClients({ region: 'us-west-1', endpoint });
    await expect(describeStackStatus(clients, 'demo', controller.signal)).rejects.toMatchObject({
      code: 'INTERRUPTED',
    });
    expect(requests).toBe(2);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('makes many calls on one signal without MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      answer = (_, response) => reply(response, 200, STACK);
      const clients = createAwsClients({ region: 'us-west-1', endpoint });
      // Node warns at the 11th listener on one signal.
      for (let call = 0; call < 30; call++)
        expect(await describeStackStatus(clients, 'demo', controller.signal)).toMatchObject({
          status: 'CREATE_COMPLETE',
          owner: 'demo',
        });
      expect(requests).toBe(30);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
      // At most the last call's, which the SDK removes when its socket closes; 30 would be a leak.
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe(loadAwsClients, () => {
  it('loads and makes only the services asked for, configured as createAwsClients does', async () => {
    constructed.length = 0;
    answer = (_, response) => reply(response, 200, STACK);
    const calls: string[] = [];
    const clients = await loadAwsClients(
      { region: 'us-west-1', endpoint, onCall: (client, command) => calls.push(command) },
      ['cloudFormation'],
    );
    expect(Object.keys(clients)).toEqual(['cloudFormation']);
    expect(constructed).toEqual([]);
    expect(await clients.cloudFormation.config.retryStrategy()).toMatchObject({
      mode: 'adaptive',
    });
    expect(await clients.cloudFormation.config.maxAttempts()).toBe(MAX_ATTEMPTS);
    expect(await describeStackStatus(clients, 'demo')).toMatchObject({ owner: 'demo' });
    expect(calls).toEqual(['DescribeStacksCommand']);
  });

  it('makes each service once however often it is named', async () => {
    constructed.length = 0;
    const clients = await loadAwsClients({ region: 'us-west-1' }, ['s3', 'ec2', 's3']);
    expect(Object.keys(clients).sort()).toEqual(['ec2', 's3']);
    expect(constructed.sort()).toEqual(['ec2', 's3']);
  });
});
