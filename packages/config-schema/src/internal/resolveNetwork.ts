import type { SubnetConfig } from '../ClusterConfig.js';
import { DEFAULTS } from '../defaults.js';
import type { Cidr } from './ipv4.js';
import { cidrContainsAddress, cidrsOverlap, formatCidr, formatIpv4 } from './ipv4.js';
import { pickValue } from './pickValue.js';
import type { ResolveContext } from './ResolveContext.js';
import { resolveAddress, resolveCidr } from './resolveCidr.js';
import { resolveSubnets } from './resolveSubnets.js';

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
  readonly controllerSubnet: string;
  readonly sshAccessAllowedSourceCIDRs: readonly string[];
  readonly apiAccessAllowedSourceCIDRs: readonly string[];
}

/** Names of the addresses AWS keeps for itself in every subnet, by offset from the network address. */
const AWS_RESERVED = [
  'the network address',
  'the VPC router',
  'the Amazon DNS server',
  'reserved for future use',
];

function reservedReason(block: Cidr, address: number): string | undefined {
  const offset = address - block.network;
  if (offset < AWS_RESERVED.length) return AWS_RESERVED[offset];
  if (address === block.last) return 'the broadcast address';
  return undefined;
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
  const controllerShown = ctx.has(['controllerIP'])
    ? controllerText
    : `${controllerText} (the default)`;
  const controller = resolveAddress(ctx, ['controllerIP'], controllerText);
  const controllerPrivateIPs: string[] = [];
  let controllerSubnet = '';
  if (controller !== undefined) {
    for (let index = 0; index < controllerCount; index++)
      controllerPrivateIPs.push(formatIpv4(controller + index));
    const home = located.find(
      (subnet) => subnet.block !== undefined && cidrContainsAddress(subnet.block, controller),
    );
    const allKnown = located.length > 0 && located.every((subnet) => subnet.block !== undefined);
    if (home === undefined || home.block === undefined) {
      if (allKnown) {
        const blocks = located.map((subnet) => subnet.config.instanceCIDR).join(', ');
        ctx.report(
          ['controllerIP'],
          'ip-outside-subnets',
          `${controllerShown} is not inside any subnet (${blocks})`,
        );
      }
    } else {
      controllerSubnet = home.config.name;
      const last = controller + controllerCount - 1;
      const reserved = [controller, last]
        .map((address) => ({ address, reason: reservedReason(home.block!, address) }))
        .find((entry) => entry.reason !== undefined);
      if (home.config.private) {
        ctx.report(
          ['controllerIP'],
          'controller-in-private-subnet',
          `${controllerShown} is in private subnet ${home.config.name}; the controller needs a public subnet for its Elastic IP`,
        );
      } else if (!cidrContainsAddress(home.block, last)) {
        ctx.report(
          ['controllerIP'],
          'ip-outside-subnets',
          `${controllerCount} controllers need ${controllerShown} to ${formatIpv4(last)}, which runs past subnet ${home.config.instanceCIDR}`,
        );
      } else if (reserved !== undefined) {
        const who =
          reserved.address === controller
            ? controllerShown
            : `${formatIpv4(last)}, the last of ${controllerCount} controllers,`;
        ctx.report(
          ['controllerIP'],
          'ip-reserved',
          `${who} is ${reserved.reason} of subnet ${home.config.instanceCIDR}, which AWS reserves; use an address such as ${formatIpv4(home.block.network + 50)}`,
        );
      }
    }
  }

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
    controllerPrivateIPs,
    controllerSubnet,
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
