import type { AwsClientOptions, AwsClients, AwsService } from './AwsClients.js';
import { clientConfig, withCallCounter } from './internal/clientConfig.js';

type Config = ReturnType<typeof clientConfig>;

// One import() per service: a bundle splits each SDK client into its own chunk, and Deno (with
// lazy dynamic imports) reads only those asked for.
const LOADERS: { [S in AwsService]: (config: Config) => Promise<AwsClients[S]> } = {
  cloudFormation: async (config) =>
    new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient(config),
  ec2: async (config) => new (await import('@aws-sdk/client-ec2')).EC2Client(config),
  kms: async (config) => new (await import('@aws-sdk/client-kms')).KMSClient(config),
  s3: async (config) => new (await import('@aws-sdk/client-s3')).S3Client(config),
};

/**
 * Clients of the named services only, as createAwsClients makes them, loading no other service's
 * SDK module: `loadAwsClients({ region }, ['cloudFormation'])` for a command that only reads the
 * stack, such as drift detection.
 */
export async function loadAwsClients<S extends AwsService>(
  options: AwsClientOptions,
  services: readonly S[],
): Promise<Pick<AwsClients, S>> {
  const config = clientConfig(options);
  const entries = await Promise.all(
    [...new Set(services)].map(
      async (service) =>
        [service, withCallCounter(await LOADERS[service](config), options.onCall)] as const,
    ),
  );
  return Object.fromEntries(entries) as Pick<AwsClients, S>;
}
