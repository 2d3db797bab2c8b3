import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createAwsClients,
  preflightChecks,
  resolveFlatcarAmi,
  sealAssets,
} from '@kube-aws/aws-provisioner';
import type { AwsClients } from '@kube-aws/aws-provisioner';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { planCredentials } from '@kube-aws/pki';
import {
  encryptedAssetNames,
  formatAssetProblem,
  NODE_ASSETS,
  validateAssets,
} from '@kube-aws/renderer';
import type { BuiltStack, RenderedAssets } from '@kube-aws/renderer';
import { AssetError } from './AssetError.js';
import type { AssetIo } from './AssetIo.js';
import { credentialsDirectory, readCredentialFiles } from './credentialFiles.js';
import { ensureAssetDirectory } from './ensureAssetDirectory.js';
import { readAssetFile } from './readAssetFile.js';
import { writeFileAtomic } from './writeFileAtomic.js';
import { loadAssetConfig } from './loadAssetConfig.js';
import { provisioning } from './provisioning.js';
import { planCredentialAssets } from './internal/planCredentialAssets.js';
import type { PlannedCredentialAssets } from './internal/planCredentialAssets.js';
import { renderCredentials } from './renderCredentials.js';
import { resolveTemplates } from './resolveTemplates.js';
import type { CredentialOptions } from './renderCredentialFiles.js';
import { readTrustExtras } from './internal/readTrustExtras.js';
import { readSealedCredentials } from './readSealedCredentials.js';
import { secretFileNames } from './secretFileNames.js';

/** Where the AMI kube-aws resolved is recorded, so later updates keep it. */
const AMI_STATE = '.kube-aws/ami.json';

export interface Deployment {
  readonly config: ClusterConfig;
  readonly clients: AwsClients;
  readonly built: BuiltStack;
  /** The templates built: `update` writes them once the stack has them. */
  readonly templates: RenderedAssets;
  /** Secrets sealed with KMS in this run (new or changed); the others kept their `.enc`. */
  readonly sealed: readonly string[];
}

export interface DeploymentOptions {
  /** Where AWS calls go (--endpoint-url); default AWS_ENDPOINT_URL, else AWS. */
  readonly endpoint?: string | undefined;
  /** Overrides cluster.yaml's s3URI (--s3-uri, the action's s3-uri input). */
  readonly s3URI?: string | undefined;
  /** cluster.yaml as the caller already loaded it (its warnings printed); default: load it here. */
  readonly config?: ClusterConfig | undefined;
  /**
   * A plan (`diff`, the action's plan): nothing is written, sealed or uploaded; the committed
   * ciphertext and certificates are planned (planCredentialAssets). Otherwise (`up`, `update`)
   * the credentials are rendered as `render` does and what changed is sealed with KMS.
   */
  readonly readOnly?: boolean;
  /** For `up`/`update`: what render's credential flags allow. */
  readonly credentials?: CredentialOptions;
}

/** AWS clients for the cluster's region; AWS_ENDPOINT_URL (or --endpoint-url) points them elsewhere. */
export function clientsFor(
  config: ClusterConfig,
  io: AssetIo,
  endpoint: string | undefined,
): AwsClients {
  const log = io.env.KUBE_AWS_API_CALL_LOG;
  return createAwsClients({
    region: config.region,
    endpoint: endpoint ?? io.env.AWS_ENDPOINT_URL,
    ...(log === undefined || log === ''
      ? {}
      : {
          onCall: (client: string, command: string) =>
            appendFileSync(log, `${client} ${command}\n`),
        }),
  });
}

async function amiFor(
  config: ClusterConfig,
  clients: AwsClients,
  assetDirectory: string,
  io: AssetIo,
  record: boolean,
): Promise<string> {
  if (config.amiId !== undefined) return config.amiId;
  const recorded = JSON.parse(
    (await readAssetFile(assetDirectory, AMI_STATE))?.toString('utf8') ?? '{}',
  ) as Record<string, string>;
  const known = recorded[config.region];
  if (known !== undefined) return known;
  const resolved = await provisioning(() =>
    resolveFlatcarAmi(clients, io.env.KUBE_AWS_FLATCAR_OWNER || undefined),
  );
  if (!record) {
    io.stdout(`Flatcar stable AMI for ${config.region}: ${resolved} (update records it)\n`);
    return resolved;
  }
  await ensureAssetDirectory(assetDirectory, '.kube-aws', 0o755);
  await writeFileAtomic(
    join(assetDirectory, AMI_STATE),
    JSON.stringify({ ...recorded, [config.region]: resolved }, null, 2) + '\n',
    { mode: 0o644, overwrite: true, name: AMI_STATE },
  );
  io.stdout(
    `Flatcar stable AMI for ${config.region}: ${resolved} (recorded in ${AMI_STATE}; pin another with amiId)\n`,
  );
  return resolved;
}

/**
 * `up` and `update`: the credentials rendered as `render` does, then each secret sealed with KMS
 * (only those that changed), its `.enc` and `.sha256` written.
 */
async function sealCredentials(
  config: ClusterConfig,
  assetDirectory: string,
  clients: AwsClients,
  io: AssetIo,
  options: DeploymentOptions,
): Promise<{
  certificates: Map<string, string>;
  encryptedAssets: Map<string, string>;
  sealed: string[];
}> {
  await renderCredentials(
    config,
    assetDirectory,
    options.credentials ?? {
      forceRegenerate: [],
      allowCaReplacement: false,
      allowEncryptionKeyReplacement: false,
    },
    options.endpoint,
    io,
  );
  const directory = credentialsDirectory(assetDirectory);
  const specs = planCredentials(config);
  const secrets = secretFileNames(config);
  const files = await readCredentialFiles(directory, [
    ...specs.map((spec) => spec.certificateFile),
    ...secrets,
  ]);
  const existingSeals = await readSealedCredentials(directory, secrets);
  // Every secret is sealed, also those no node needs (the CAs' keys, admin), so a checkout holding
  // only the .enc files can be rendered again with the same CA (openSealedCredentials).
  const plaintexts = new Map(secrets.map((name) => [name, files.get(name)!]));
  const seal = await provisioning(() =>
    sealAssets(clients, config.kmsKeyArn, plaintexts, existingSeals),
  );
  const onNodes = new Set(encryptedAssetNames());
  const encryptedAssets = new Map([...seal.encryptedAssets].filter(([name]) => onNodes.has(name)));
  for (const [name, asset] of seal.sealed) {
    // The ciphertext before its fingerprint: readSealedCredentials takes a secret only with both.
    for (const [file, content] of [
      [`${name}.enc`, asset.ciphertext],
      [`${name}.sha256`, `${asset.fingerprint}\n`],
    ] as const)
      await writeFileAtomic(join(directory, file), content, {
        mode: 0o644,
        overwrite: true,
        name: `credentials/${file}`,
      });
  }
  if (seal.sealed.size > 0) io.stdout(`Sealed with KMS: ${[...seal.sealed.keys()].join(', ')}\n`);
  const certificateNames = new Set([
    ...NODE_ASSETS.controller.certificates,
    ...NODE_ASSETS.worker.certificates,
  ]);
  const certificates = new Map([...certificateNames].map((name) => [name, files.get(name)!]));
  return { certificates, encryptedAssets, sealed: [...seal.sealed.keys()] };
}

/**
 * Everything `up`, `update` and `diff` share: the checked asset directory, pre-flight checks, the
 * recorded AMI, secrets sealed with KMS (only those that changed) and the built stack.
 */
export async function prepareDeployment(
  assetDirectory: string,
  io: AssetIo,
  options: DeploymentOptions = {},
): Promise<Deployment> {
  const loaded = options.config ?? (await loadAssetConfig(assetDirectory, io));
  const config = options.s3URI === undefined ? loaded : { ...loaded, s3URI: options.s3URI };
  // Rendered in memory from cluster.yaml every time, the user's edits carried over: what is
  // planned and deployed is never a stale render.
  const { templates } = await resolveTemplates(config, assetDirectory);
  const clients = clientsFor(config, io, options.endpoint);
  const readOnly = options.readOnly === true;
  await provisioning(() => preflightChecks(clients, config));
  const assets: PlannedCredentialAssets & { sealed?: string[] } = readOnly
    ? await planCredentialAssets(config, assetDirectory, () => clients, io)
    : await sealCredentials(config, assetDirectory, clients, io, options);
  const amiId = await amiFor(config, clients, assetDirectory, io, !readOnly);
  const { encryptedAssets } = assets;
  // During a CA rotation the nodes also trust the next or previous CA (docs/operations.md).
  const certificates = new Map([
    ...assets.certificates,
    ...(await readTrustExtras(credentialsDirectory(assetDirectory))),
  ]);
  const { problems: invalid, built } = await validateAssets({
    config,
    templates,
    certificates,
    encryptedAssets,
    amiId,
  });
  const blocking = invalid.filter(
    (problem) =>
      !(
        config.s3URI === undefined &&
        /over CloudFormation's \d+-byte limit when sent inline/.test(problem.message)
      ),
  );
  if (blocking.length > 0 || built === undefined) {
    throw new AssetError(
      'CONFIG_INVALID',
      `the assets do not validate (kube-aws validate shows the same):\n${blocking.map(formatAssetProblem).join('\n')}`,
      {
        locations: blocking.map((problem) => ({
          file: problem.file,
          line: problem.line,
          column: undefined,
          message: problem.message,
        })),
      },
    );
  }
  return { config, clients, built, templates, sealed: assets.sealed ?? [] };
}
