import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { AwsClientOptions } from '../AwsClients.js';
import { MAX_ATTEMPTS } from '../AwsClients.js';

/**
 * The configuration every client gets: the region, the SDK's adaptive retry mode with kube-aws's
 * attempts, and the endpoint when one is given (path-style S3, as emulators need).
 */
export function clientConfig(options: AwsClientOptions) {
  return {
    region: options.region,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, forcePathStyle: true }),
  };
}

/** The client, told of each call through `onCall` when one is given (SDK middleware). */
export function withCallCounter<C extends object>(
  client: C,
  onCall: AwsClientOptions['onCall'],
): C {
  if (onCall === undefined) return client;
  // Every client's stack takes an initialize-step middleware; the types differ only per service.
  const { middlewareStack } = client as unknown as {
    middlewareStack: CloudFormationClient['middlewareStack'];
  };
  middlewareStack.add(
    (next, context) => async (args) => {
      onCall(String(context.clientName), String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'kubeAwsCallCounter' },
  );
  return client;
}
