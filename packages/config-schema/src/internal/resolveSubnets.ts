import type { SubnetConfig } from '../ClusterConfig.js';
import { azInRegion } from './azInRegion.js';
import { DEFAULTS } from '../defaults.js';
import type { Cidr } from './ipv4.js';
import { cidrContains, cidrsOverlap, formatCidr } from './ipv4.js';
import { pickValue } from './pickValue.js';
import type { ResolveContext } from './ResolveContext.js';
import type { FieldPath } from './SourceInfo.js';
import { formatPath } from './SourceInfo.js';
import { resolveCidr } from './resolveCidr.js';

/** A resolved subnet with its parsed block and where it was written. */
export interface LocatedSubnet {
  readonly config: SubnetConfig;
  readonly block: Cidr | undefined;
  readonly path: FieldPath;
}

interface SubnetInput {
  name?: string;
  availabilityZone?: string;
  instanceCIDR?: string;
  private?: boolean;
}

function explicitSubnets(ctx: ResolveContext): LocatedSubnet[] {
  for (const key of ['instanceCIDR', 'availabilityZone']) {
    if (ctx.has([key])) {
      ctx.report(
        [key],
        'conflicting-keys',
        'conflicts with subnets[]; set it on each subnet instead',
      );
    }
  }
  const raw = ctx.rawAt(['subnets']);
  const items = Array.isArray(raw) ? (raw as SubnetInput[]) : [];
  return items.map((item, index) => {
    const path: FieldPath = ['subnets', index];
    const valid = ctx.allValid(path);
    const config: SubnetConfig = {
      name: (valid ? item.name : undefined) ?? `subnet${index}`,
      availabilityZone: (valid ? item.availabilityZone : undefined) ?? '',
      instanceCIDR: (valid ? item.instanceCIDR : undefined) ?? '',
      private: (valid ? item.private : undefined) ?? false,
    };
    const block = valid
      ? resolveCidr(ctx, [...path, 'instanceCIDR'], config.instanceCIDR)
      : undefined;
    return { config, block, path };
  });
}

function singleSubnet(ctx: ResolveContext): LocatedSubnet[] {
  if (!ctx.has(['availabilityZone'])) {
    ctx.report(['availabilityZone'], 'missing-key', 'is required but missing (or list subnets[])');
  }
  const availabilityZone = pickValue<string>(ctx, [['availabilityZone']], '');
  const cidr = pickValue<string>(ctx, [['instanceCIDR']], DEFAULTS.instanceCIDR);
  const config: SubnetConfig = {
    name: 'subnet0',
    availabilityZone: availabilityZone.value,
    instanceCIDR: cidr.value,
    private: false,
  };
  return [{ config, block: resolveCidr(ctx, cidr.path, cidr.value), path: [] }];
}

function cidrPath(subnet: LocatedSubnet): FieldPath {
  return subnet.path.length === 0 ? ['instanceCIDR'] : [...subnet.path, 'instanceCIDR'];
}

/**
 * Resolves subnets[] (or the single subnet of availabilityZone and instanceCIDR) and checks
 * that each lies in its region and inside the VPC, and that none overlap.
 */
export function resolveSubnets(
  ctx: ResolveContext,
  region: string | undefined,
  vpc: Cidr | undefined,
): LocatedSubnet[] {
  const subnets = ctx.has(['subnets']) ? explicitSubnets(ctx) : singleSubnet(ctx);
  const seenNames = new Map<string, FieldPath>();
  subnets.forEach((subnet, index) => {
    const { config, block } = subnet;
    const azPath =
      subnet.path.length === 0 ? ['availabilityZone'] : [...subnet.path, 'availabilityZone'];
    if (region !== undefined && config.availabilityZone !== '' && ctx.allValid(azPath)) {
      if (!azInRegion(config.availabilityZone, region)) {
        ctx.report(
          azPath,
          'az-not-in-region',
          `${config.availabilityZone} is not in region ${region}; zones of ${region} look like ${region}a`,
        );
      }
    }
    const firstPath = seenNames.get(config.name);
    if (firstPath !== undefined) {
      ctx.report(
        [...subnet.path, 'name'],
        'duplicate-name',
        `${config.name} is already the name of ${formatPath(firstPath)}`,
      );
    }
    seenNames.set(config.name, subnet.path);
    if (block === undefined) return;
    if (vpc !== undefined && !cidrContains(vpc, block)) {
      ctx.report(
        cidrPath(subnet),
        'subnet-outside-vpc',
        `${formatCidr(block)} is not inside vpcCIDR ${formatCidr(vpc)}`,
      );
    }
    for (const earlier of subnets.slice(0, index)) {
      if (earlier.block !== undefined && cidrsOverlap(earlier.block, block)) {
        ctx.report(
          cidrPath(subnet),
          'subnet-overlap',
          `${formatCidr(block)} overlaps ${formatPath(cidrPath(earlier))} (${formatCidr(earlier.block)})`,
        );
      }
    }
  });
  if (subnets.length > 0 && subnets.every((subnet) => subnet.config.private)) {
    ctx.report(
      ['subnets'],
      'no-public-subnet',
      'needs at least one public subnet (private: false) for the controller and the NAT gateway',
    );
  }
  return subnets;
}
