import type { ClusterConfig } from '@kube-aws/config-schema';
import { ASSET_FILES, NODE_ASSETS } from './nodeAssets.js';
import { RenderError } from './RenderError.js';
import type { RenderedAssets } from './renderAssets.js';
import { compactCloudConfig } from './internal/compactCloudConfig.js';
import { gzip, toBase64 } from './internal/gzipBase64.js';
import { s3Location } from './internal/s3Location.js';
import { userdataStub } from './internal/userdataStub.js';
import { etcdContext } from './internal/etcdContext.js';
import { renderTemplate } from './internal/renderTemplate.js';
import { sortTemplate } from './internal/sortKeys.js';
import { workerGroupId } from './internal/stackTemplateFor.js';
import { DRAIN_LIFECYCLE_HOOK } from './internal/updatePolicies.js';
import {
  addonsParameterName,
  assetsContext,
  clusterContext,
  configContext,
  CONTROLLER_KUBECONFIGS,
  sealedContext,
  secretsContext,
  VERSIONS_CONTEXT,
} from './internal/templateContext.js';

export interface BuildStackInput {
  readonly config: ClusterConfig;
  /** The asset files as `render` wrote them (and the user may have edited them). */
  readonly templates: RenderedAssets;
  /** Certificates and public keys by file name (`ca.pem`): shipped as they are. */
  readonly certificates: ReadonlyMap<string, string>;
  /**
   * KMS ciphertext, base64, by the name of the file it seals (`ca-key.pem`, `bootstrap-token`):
   * the stack's SSM parameters hold them, and each node's userdata pins those it reads.
   */
  readonly encryptedAssets: ReadonlyMap<string, string>;
  readonly amiId: string;
}

/** An object the provisioner must upload to S3 before it creates or updates the stack. */
export interface S3Upload {
  readonly bucket: string;
  readonly key: string;
  readonly body: Uint8Array;
}

/** One node's userdata: the cloud-config, and what EC2 receives (gzip, then base64). */
export interface BuiltUserdata {
  /** `controller0`, `controller1`, … or `worker-<pool>`. */
  readonly node: string;
  /** The template it came from, relative to the asset directory. */
  readonly file: string;
  /** What the node receives: the filled-in template without its comment lines. */
  readonly cloudConfig: string;
  /** Gzipped size in bytes of what EC2 receives: what its 16,384-byte limit applies to. */
  readonly bytes: number;
  readonly base64: string;
  /** With s3URI: the gzipped cloud-config, which a small userdata fetches at boot. */
  readonly upload: S3Upload | undefined;
}

export interface BuiltStack {
  /** The CloudFormation template, keys sorted. */
  readonly template: Record<string, unknown>;
  /** The template as sent to CloudFormation: compact JSON. */
  readonly templateBody: string;
  /** UTF-8 bytes of templateBody: the 51,200-byte (or, through S3, 1 MB) limit applies to it. */
  readonly templateBodyBytes: number;
  readonly userdata: readonly BuiltUserdata[];
  /** The add-on manifests, filled in: the stack's SSM parameter holds them gzipped, in base64. */
  readonly addons: BuiltParameterFile;
  /** The controllers' etcd tools (a cloud-config), filled in: an SSM parameter holds them too. */
  readonly etcdTools: BuiltParameterFile;
}

/** A template filled in once for the cluster and kept, gzipped, in one of the stack's SSM parameters. */
export interface BuiltParameterFile {
  readonly file: string;
  readonly text: string;
  /** Length of the parameter's value: SSM takes at most 8,192 (4,096 in its free tier). */
  readonly bytes: number;
}

function templateOf(templates: RenderedAssets, file: string): string {
  const text = templates[file];
  if (text === undefined)
    throw new RenderError('TEMPLATE_ERROR', 'is missing; run kube-aws render', { file });
  return text;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function userdata(
  config: ClusterConfig,
  node: string,
  file: string,
  rendered: string,
): Promise<BuiltUserdata> {
  const cloudConfig = compactCloudConfig(rendered);
  const compressed = await gzip(cloudConfig);
  if (config.s3URI === undefined) {
    return {
      node,
      file,
      cloudConfig,
      bytes: compressed.length,
      base64: toBase64(compressed),
      upload: undefined,
    };
  }
  const { bucket, prefix } = s3Location(config.s3URI, config.clusterName);
  const key = `${prefix}/userdata/${node}-${(await sha256Hex(compressed)).slice(0, 16)}.gz`;
  const stub = await gzip(userdataStub(bucket, key, config.region));
  return {
    node,
    file,
    cloudConfig,
    bytes: stub.length,
    base64: toBase64(stub),
    upload: { bucket, key, body: compressed },
  };
}

/**
 * Fills the templates with the cluster configuration and the sealed TLS assets: each node's
 * cloud-config becomes gzipped, base64 userdata inside the stack template. `validate`, `up`,
 * `up --export`, `diff` and the GitHub Action all build the stack here. Pure apart from gzip.
 * @throws {RenderError} `TEMPLATE_ERROR` naming the template file and line, or `ASSET_MISSING`.
 */
export async function buildStack(input: BuildStackInput): Promise<BuiltStack> {
  const { config } = input;
  const base = {
    cluster: clusterContext(config),
    versions: VERSIONS_CONTEXT,
    assets: assetsContext(input.certificates),
    kubeconfigs: CONTROLLER_KUBECONFIGS,
  };
  const sealed = sealedContext(input.encryptedAssets);
  const secrets = {
    controller: await secretsContext(config, NODE_ASSETS.controller, input.encryptedAssets),
    worker: await secretsContext(config, NODE_ASSETS.worker, input.encryptedAssets),
  };
  const addonsText = renderTemplate(
    ASSET_FILES.addons,
    templateOf(input.templates, ASSET_FILES.addons),
    { cluster: base.cluster, versions: VERSIONS_CONTEXT },
  );
  const addonsValue = toBase64(await gzip(addonsText));
  const addons = {
    parameter: addonsParameterName(config),
    pin: await sha256Hex(new TextEncoder().encode(addonsValue)),
  };
  // The etcd tools, a cloud-config like the nodes' (comment lines emptied), pinned in the userdata.
  const etcd = etcdContext(config);
  const etcdText = compactCloudConfig(
    renderTemplate(ASSET_FILES.etcd, templateOf(input.templates, ASSET_FILES.etcd), {
      cluster: base.cluster,
      versions: VERSIONS_CONTEXT,
      etcd,
    }),
  );
  const etcdValue = toBase64(await gzip(etcdText));
  const etcdPinned = { ...etcd, pin: await sha256Hex(new TextEncoder().encode(etcdValue)) };
  const controllerTemplate = templateOf(input.templates, ASSET_FILES.controller);
  const workerTemplate = templateOf(input.templates, ASSET_FILES.worker);
  const built: BuiltUserdata[] = [];
  for (const [index, ip] of config.controller.privateIPs.entries()) {
    const text = renderTemplate(ASSET_FILES.controller, controllerTemplate, {
      ...base,
      secrets: secrets.controller,
      addons,
      etcd: etcdPinned,
      controller: { index, ip },
    });
    built.push(await userdata(config, `controller${index}`, ASSET_FILES.controller, text));
  }
  for (const [index, pool] of config.worker.nodePools.entries()) {
    const text = renderTemplate(ASSET_FILES.worker, workerTemplate, {
      ...base,
      secrets: secrets.worker,
      // The group a node signals Ready to, and the lifecycle hook that waits for its drain.
      pool: {
        name: pool.name,
        stackResource: workerGroupId(pool, index),
        lifecycleHook: DRAIN_LIFECYCLE_HOOK,
      },
    });
    built.push(await userdata(config, `worker-${pool.name}`, ASSET_FILES.worker, text));
  }
  const context = {
    cluster: base.cluster,
    config: configContext(config),
    amiId: input.amiId,
    sealed,
    addons: addonsValue,
    etcdTools: etcdValue,
    userdata: {
      controllers: built
        .filter((item) => item.node.startsWith('controller'))
        .map((item) => item.base64),
      workers: Object.fromEntries(
        config.worker.nodePools.map((pool) => [
          pool.name,
          built.find((item) => item.node === `worker-${pool.name}`)!.base64,
        ]),
      ),
    },
  };
  const stackText = renderTemplate(
    ASSET_FILES.stack,
    templateOf(input.templates, ASSET_FILES.stack),
    context,
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(stackText);
  } catch (cause) {
    const offset = Number(/position (\d+)/.exec(String(cause))?.[1] ?? NaN);
    const line = Number.isNaN(offset) ? undefined : stackText.slice(0, offset).split('\n').length;
    throw new RenderError(
      'TEMPLATE_ERROR',
      `is not valid JSON once filled in: ${cause instanceof Error ? cause.message : String(cause)}`,
      { file: ASSET_FILES.stack, ...(line === undefined ? {} : { line }), cause },
    );
  }
  const template = sortTemplate(parsed) as Record<string, unknown>;
  const templateBody = JSON.stringify(template);
  return {
    template,
    templateBody,
    templateBodyBytes: new TextEncoder().encode(templateBody).length,
    userdata: built,
    addons: {
      file: ASSET_FILES.addons,
      text: addonsText,
      bytes: addonsValue.length,
    },
    etcdTools: { file: ASSET_FILES.etcd, text: etcdText, bytes: etcdValue.length },
  };
}
