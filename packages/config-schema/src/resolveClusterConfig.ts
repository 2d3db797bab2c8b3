import type { ClusterConfig, KeyAlgorithm } from './ClusterConfig.js';
import type { ClusterConfigInput } from './ClusterConfigSchema.js';
import { ClusterConfigSchema } from './ClusterConfigSchema.js';
import { checkAgainstSchema } from './internal/checkAgainstSchema.js';
import { checkDeprecatedKeys } from './internal/deprecatedKeys.js';
import { checkIdentity } from './internal/checkIdentity.js';
import { ConfigError } from './ConfigError.js';
import type { ConfigProblem } from './ConfigProblem.js';
import { DEFAULTS } from './defaults.js';
import { deepFreeze } from './internal/deepFreeze.js';
import { pickValue } from './internal/pickValue.js';
import { ResolveContext } from './internal/ResolveContext.js';
import { resolveController, resolveNodePools } from './internal/resolveCompute.js';
import { resolveNetwork } from './internal/resolveNetwork.js';
import { resolveVersion } from './internal/resolveVersion.js';
import { resolveEtcd } from './internal/resolveEtcd.js';
import { sourceOf } from './internal/SourceInfo.js';

export interface ResolveOptions {
  /** Called once for each warning, such as a deprecated key; warnings never fail the run. */
  onWarning?: (warning: ConfigProblem) => void;
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Checks what the user wrote and fills in every default, reporting all problems at once.
 * @throws {ConfigError} `CONFIG_INVALID` with every located problem when the config is wrong.
 */
export function resolveClusterConfig(
  input: ClusterConfigInput,
  options: ResolveOptions = {},
): ClusterConfig {
  const ctx = new ResolveContext(input as unknown as Record<string, unknown>, sourceOf(input));
  checkAgainstSchema(ClusterConfigSchema as never, input, [], (path, code, message) =>
    ctx.report(path, code, message),
  );
  checkDeprecatedKeys(ctx);
  checkIdentity(ctx);
  const controller = resolveController(ctx);
  const region = ctx.valueAt(['region']) as string | undefined;
  const network = resolveNetwork(ctx, region, controller.count, controller.loadBalancer);
  const subnetNames = network.subnets.map((subnet) => subnet.name);
  const privateSubnets = network.subnets
    .filter((subnet) => subnet.private)
    .map((subnet) => subnet.name);
  const nodePools = resolveNodePools(
    ctx,
    subnetNames,
    privateSubnets.length > 0 ? privateSubnets : subnetNames,
    controller.count,
  );
  const caDays = pickValue<number>(ctx, [['tlsCADurationDays']], DEFAULTS.tlsCADurationDays);
  const certDays = pickValue<number>(ctx, [['tlsCertDurationDays']], DEFAULTS.tlsCertDurationDays);
  if (certDays.value > caDays.value && ctx.allValid(caDays.path, certDays.path)) {
    ctx.report(
      ['tlsCertDurationDays'],
      'cert-outlives-ca',
      `${certDays.value} days is longer than tlsCADurationDays (${caDays.value}); a certificate cannot outlive its CA`,
    );
  }
  const kubernetesVersion = resolveVersion(ctx);
  const etcd = resolveEtcd(ctx, input.clusterName ?? '', input.s3URI);

  const sorted = [...ctx.problems].sort(byPosition);
  for (const warning of sorted.filter((problem) => problem.severity === 'warning')) {
    options.onWarning?.(warning);
  }
  if (ctx.hasErrors) throw new ConfigError('CONFIG_INVALID', sorted);

  const given = input as Required<ClusterConfigInput>;
  return deepFreeze({
    clusterName: given.clusterName,
    externalDNSName: given.externalDNSName,
    region: given.region,
    keyName: given.keyName,
    kmsKeyArn: given.kmsKeyArn,
    amiId: given.amiId,
    kubernetesVersion,
    controller: {
      ...controller,
      privateIPs: network.controllerPrivateIPs,
      subnet: network.controllerSubnets[0] ?? '',
      subnets: network.controllerSubnets,
    },
    controllerIP: network.controllerIP,
    etcd,
    worker: {
      nodePools,
      rollingUpdate: {
        maxSurge: pickValue<number>(
          ctx,
          [['worker', 'rollingUpdate', 'maxSurge']],
          DEFAULTS.maxSurge,
        ).value,
      },
    },
    vpcId: network.vpcId,
    routeTableId: network.routeTableId,
    vpcCIDR: network.vpcCIDR,
    subnets: network.subnets,
    podCIDR: network.podCIDR,
    serviceCIDR: network.serviceCIDR,
    kubernetesServiceIP: network.kubernetesServiceIP,
    dnsServiceIP: network.dnsServiceIP,
    sshAccessAllowedSourceCIDRs: network.sshAccessAllowedSourceCIDRs,
    apiAccessAllowedSourceCIDRs: network.apiAccessAllowedSourceCIDRs,
    createRecordSet: given.createRecordSet ?? false,
    hostedZoneId: given.hostedZoneId,
    recordSetTTL: given.recordSetTTL ?? DEFAULTS.recordSetTTL,
    tlsCADurationDays: caDays.value,
    tlsCertDurationDays: certDays.value,
    pki: { keyAlgorithm: (given.pki?.keyAlgorithm ?? DEFAULTS.keyAlgorithm) as KeyAlgorithm },
    s3URI: given.s3URI,
    stackTags: { ...(given.stackTags ?? {}) },
  });
}
