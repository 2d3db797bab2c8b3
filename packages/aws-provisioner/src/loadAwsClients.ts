import type { AwsClientOptions, AwsClients, AwsService } from './AwsClients.js';
import { clientConfig, withCallCounter } from './internal/clientConfig.js';

type Config = ReturnType<typeof clientConfig>;

// One import() per service, of a file that re-exports only the client class: a bundle splits
// each into a chunk of its own (import() of the package itself would keep every command of it),
// and Deno, with lazy dynamic imports, reads only those asked for.
const LOADERS: { [S in AwsService]: (config: Config) => Promise<AwsClients[S]> } = {
  cloudFormation: async (config) =>
    new (await import('./internal/clients/cloudFormation.js')).CloudFormationClient(config),
  ec2: async (config) => new (await import('./internal/clients/ec2.js')).EC2Client(config),
  kms: async (config) => new (await import('./internal/clients/kms.js')).KMSClient(config),
  s3: async (config) => new (await import('./internal/clients/s3.js')).S3Client(config),
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
