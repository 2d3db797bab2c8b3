import type { SubnetConfig } from '../ClusterConfig.js';
import { DEFAULTS } from '../defaults.js';
import type { Cidr } from './ipv4.js';
import { cidrContainsAddress, cidrsOverlap, formatCidr, formatIpv4 } from './ipv4.js';
import { pickValue } from './pickValue.js';
import type { ResolveContext } from './ResolveContext.js';
import { resolveAddress, resolveCidr } from './resolveCidr.js';
import { resolveSubnets } from './resolveSubnets.js';
import { resolveControllerPlacement } from './resolveControllerPlacement.js';

export interface ResolvedNetwork {
  readonly vpcId: string | undefined;
  readonly routeTableId: string | undefined;
  readonly vpcCIDR: string;
  readonly subnets: readonly SubnetConfig[];
  readonly podCIDR: string;
  readonly serviceCIDR: string;
  readonly kubernetesServiceIP: string;
  readonly dnsServiceIP: string;
  readonly controllerIP: string;
  readonly controllerPrivateIPs: readonly string[];
  readonly controllerSubnets: readonly string[];
  readonly sshAccessAllowedSourceCIDRs: readonly string[];
  readonly apiAccessAllowedSourceCIDRs: readonly string[];
}

function resolveAccessCidrs(
  ctx: ResolveContext,
  key: string,
  fallback: readonly string[],
): string[] {
  const list = pickValue<string[]>(ctx, [[key]], [...fallback]).value;
  list.forEach((text, index) => resolveCidr(ctx, [key, index], text));
  return list;
}

function checkNoOverlap(
  ctx: ResolveContext,
  key: string,
  block: Cidr | undefined,
  others: [string, Cidr | undefined][],
) {
  if (block === undefined) return;
  for (const [otherKey, other] of others) {
    if (other !== undefined && cidrsOverlap(block, other)) {
      ctx.report(
        [key],
        'cidr-overlap',
        `${formatCidr(block)} overlaps ${otherKey} ${formatCidr(other)}`,
      );
    }
  }
}

/** Resolves every network setting and checks that the blocks and addresses fit together. */
export function resolveNetwork(
  ctx: ResolveContext,
  region: string | undefined,
  controllerCount: number,
  loadBalancer: boolean,
): ResolvedNetwork {
  const vpcId = ctx.valueAt(['vpcId']) as string | undefined;
  const routeTableId = ctx.valueAt(['routeTableId']) as string | undefined;
  if (routeTableId !== undefined && !ctx.has(['vpcId'])) {
    ctx.report(
      ['routeTableId'],
      'needs-vpc-id',
      'needs vpcId: a route table belongs to an existing VPC',
    );
  }
  const vpcText = pickValue(ctx, [['vpcCIDR']], DEFAULTS.vpcCIDR).value;
  const vpc = resolveCidr(ctx, ['vpcCIDR'], vpcText);
  const located = resolveSubnets(ctx, region, vpc);

  const podText = pickValue(ctx, [['podCIDR']], DEFAULTS.podCIDR).value;
  const pods = resolveCidr(ctx, ['podCIDR'], podText);
  if (pods !== undefined && pods.prefix > 23) {
    ctx.report(
      ['podCIDR'],
      'cidr-too-small',
      `${podText} is too small: each node takes a /24, so use a prefix of /23 or shorter`,
    );
  }
  const serviceText = pickValue(ctx, [['serviceCIDR']], DEFAULTS.serviceCIDR).value;
  const services = resolveCidr(ctx, ['serviceCIDR'], serviceText);
  if (services !== undefined && (services.prefix < 12 || services.prefix > 28)) {
    ctx.report(['serviceCIDR'], 'cidr-size', `${serviceText} must have a prefix from /12 to /28`);
  }
  checkNoOverlap(ctx, 'podCIDR', pods, [['vpcCIDR', vpc]]);
  checkNoOverlap(ctx, 'serviceCIDR', services, [
    ['vpcCIDR', vpc],
    ['podCIDR', pods],
  ]);

  const kubernetesServiceIP = services === undefined ? '' : formatIpv4(services.network + 1);
  const dnsText = pickValue(ctx, [['dnsServiceIP']], DEFAULTS.dnsServiceIP).value;
  const dnsShown = ctx.has(['dnsServiceIP']) ? dnsText : `${dnsText} (the default)`;
  const dns = resolveAddress(ctx, ['dnsServiceIP'], dnsText);
  if (dns !== undefined && services !== undefined) {
    if (!cidrContainsAddress(services, dns)) {
      ctx.report(
        ['dnsServiceIP'],
        'ip-outside-cidr',
        `${dnsShown} is not inside serviceCIDR ${serviceText}`,
      );
    } else if (dns === services.network + 1) {
      ctx.report(
        ['dnsServiceIP'],
        'ip-conflict',
        `${dnsShown} is the kubernetes Service IP; pick another address such as ${formatIpv4(services.network + 10)}`,
      );
    } else if (dns === services.network || dns === services.last) {
      ctx.report(
        ['dnsServiceIP'],
        'ip-reserved',
        `${dnsShown} is the ${dns === services.network ? 'network' : 'broadcast'} address of serviceCIDR ${serviceText}`,
      );
    }
  }

  const controllerText = pickValue(ctx, [['controllerIP']], DEFAULTS.controllerIP).value;
  const controller = resolveAddress(ctx, ['controllerIP'], controllerText);
  const placement = resolveControllerPlacement(
    ctx,
    located,
    controllerText,
    controller,
    controllerCount,
    loadBalancer,
  );

  return {
    vpcId,
    routeTableId,
    vpcCIDR: vpcText,
    subnets: located.map((subnet) => subnet.config),
    podCIDR: podText,
    serviceCIDR: serviceText,
    kubernetesServiceIP,
    dnsServiceIP: dnsText,
    controllerIP: controllerText,
    controllerPrivateIPs: placement.privateIPs,
    controllerSubnets: placement.subnets,
    sshAccessAllowedSourceCIDRs: resolveAccessCidrs(
      ctx,
      'sshAccessAllowedSourceCIDRs',
      DEFAULTS.sshAccessAllowedSourceCIDRs,
    ),
    apiAccessAllowedSourceCIDRs: resolveAccessCidrs(
      ctx,
      'apiAccessAllowedSourceCIDRs',
      DEFAULTS.apiAccessAllowedSourceCIDRs,
    ),
  };
}
