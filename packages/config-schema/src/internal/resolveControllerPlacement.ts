import type { Cidr } from './ipv4.js';
import { cidrContainsAddress, formatIpv4 } from './ipv4.js';
import type { LocatedSubnet } from './resolveSubnets.js';
import type { ResolveContext } from './ResolveContext.js';
import type { FieldPath } from './SourceInfo.js';
import { suggestKey } from './suggestKey.js';

/** Where the controllers are: each one's fixed private IP and subnet. */
export interface ControllerPlacement {
  readonly privateIPs: readonly string[];
  readonly subnets: readonly string[];
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

/**
 * The subnets controllers go to when controller.subnets is not written: the subnet of controllerIP,
 * then one subnet of each other availability zone (the first listed, of the same kind, public or
 * private, when there is one), so that controllers spread over zones whenever the config has them.
 */
function defaultSubnets(located: readonly LocatedSubnet[], home: LocatedSubnet): LocatedSubnet[] {
  const chosen = [home];
  for (const subnet of located) {
    const zone = subnet.config.availabilityZone;
    if (chosen.some((item) => item.config.availabilityZone === zone)) continue;
    const sameKind = located.find(
      (item) =>
        item.config.availabilityZone === zone && item.config.private === home.config.private,
    );
    chosen.push(sameKind ?? subnet);
  }
  return chosen;
}

function explicitSubnets(
  ctx: ResolveContext,
  located: readonly LocatedSubnet[],
  names: readonly string[],
): LocatedSubnet[] | undefined {
  const all = located.map((subnet) => subnet.config.name);
  const found: LocatedSubnet[] = [];
  names.forEach((name, index) => {
    const subnet = located.find((item) => item.config.name === name);
    if (subnet !== undefined) {
      found.push(subnet);
      return;
    }
    const close = suggestKey(name, all);
    ctx.report(
      ['controller', 'subnets', index],
      'unknown-subnet',
      `no subnet is named ${name}${close === undefined ? `; the subnets are ${all.join(', ')}` : `; did you mean ${close}?`}`,
    );
  });
  return found.length === names.length ? found : undefined;
}

/**
 * Places the controllers: controller i goes to the i-th controller subnet (round robin), at the
 * place controllerIP has in the first one (the next address each time a subnet comes round again),
 * so one subnet keeps the old rule (controllerIP and the following addresses). Checks that every
 * address lies in its subnet and is not one AWS reserves, and warns when all controllers share a
 * zone. A controller without the load balancer needs a public subnet, for its Elastic IP.
 */
export function resolveControllerPlacement(
  ctx: ResolveContext,
  located: readonly LocatedSubnet[],
  controllerText: string,
  controller: number | undefined,
  count: number,
  loadBalancer: boolean,
): ControllerPlacement {
  const none = { privateIPs: [], subnets: [] };
  const controllerShown = ctx.has(['controllerIP'])
    ? controllerText
    : `${controllerText} (the default)`;
  if (controller === undefined) return none;
  const home = located.find(
    (subnet) => subnet.block !== undefined && cidrContainsAddress(subnet.block, controller),
  );
  if (home === undefined || home.block === undefined) {
    const allKnown = located.length > 0 && located.every((subnet) => subnet.block !== undefined);
    if (allKnown) {
      const blocks = located.map((subnet) => subnet.config.instanceCIDR).join(', ');
      ctx.report(
        ['controllerIP'],
        'ip-outside-subnets',
        `${controllerShown} is not inside any subnet (${blocks})`,
      );
    }
    return none;
  }
  const written = ctx.valueAt(['controller', 'subnets']) as string[] | undefined;
  const listPath: FieldPath = written === undefined ? ['controllerIP'] : ['controller', 'subnets'];
  const chosen =
    written === undefined ? defaultSubnets(located, home) : explicitSubnets(ctx, located, written);
  if (chosen === undefined) return none;
  if (chosen[0] !== home) {
    ctx.report(
      ['controller', 'subnets', 0],
      'ip-outside-subnets',
      `${chosen[0]!.config.name} does not hold controllerIP ${controllerShown} (${home.config.name} does); the first controller subnet holds controllerIP`,
    );
    return none;
  }
  const used = chosen.slice(0, Math.min(count, chosen.length));
  const offset = controller - home.block.network;
  const privateIPs: string[] = [];
  const subnets: string[] = [];
  for (let index = 0; index < count; index++) {
    const subnet = used[index % used.length]!;
    const round = Math.floor(index / used.length);
    privateIPs.push(formatIpv4((subnet.block?.network ?? 0) + offset + round));
    subnets.push(subnet.config.name);
  }

  let valid = true;
  used.forEach((subnet, place) => {
    const block = subnet.block;
    if (block === undefined) return;
    const rounds = Math.ceil((count - place) / used.length);
    const first = block.network + offset;
    const last = first + rounds - 1;
    if (subnet.config.private && !loadBalancer) {
      ctx.report(
        ['controllerIP'],
        'controller-in-private-subnet',
        `${controllerShown} is in private subnet ${subnet.config.name}; the controller needs a public subnet for its Elastic IP (or controller.loadBalancer: true)`,
      );
      valid = false;
      return;
    }
    const reserved = [first, last]
      .map((address) => ({ address, reason: reservedReason(block, address) }))
      .find((entry) => entry.reason !== undefined);
    if (subnet === home) {
      if (!cidrContainsAddress(block, last)) {
        ctx.report(
          ['controllerIP'],
          'ip-outside-subnets',
          `${rounds} controllers need ${controllerShown} to ${formatIpv4(last)}, which runs past subnet ${subnet.config.instanceCIDR}`,
        );
        valid = false;
      } else if (reserved !== undefined) {
        const who =
          reserved.address === controller
            ? controllerShown
            : `${formatIpv4(last)}, the last of ${rounds} controllers,`;
        ctx.report(
          ['controllerIP'],
          'ip-reserved',
          `${who} is ${reserved.reason} of subnet ${subnet.config.instanceCIDR}, which AWS reserves; use an address such as ${formatIpv4(block.network + 50)}`,
        );
        valid = false;
      }
      return;
    }
    // Further subnets take controllerIP's place in them; say which controller falls where.
    const outside = !cidrContainsAddress(block, last);
    if (outside || reserved !== undefined) {
      const address = outside ? last : reserved!.address;
      ctx.report(
        listPath,
        outside ? 'ip-outside-subnets' : 'ip-reserved',
        `controller ${place} goes to subnet ${subnet.config.name} (${subnet.config.instanceCIDR}) at controllerIP's place, ${formatIpv4(address)}, which ${outside ? 'runs past it' : `is ${reserved!.reason}, reserved by AWS`}; choose another controllerIP or controller.subnets`,
      );
      valid = false;
    }
  });
  if (!valid) return none;
  if (loadBalancer) {
    // The load balancer is internet-facing: it needs a public subnet in each controller's zone,
    // or the controllers there would never receive traffic (ELB targets of type ip).
    for (const [place, subnet] of used.entries()) {
      const zone = subnet.config.availabilityZone;
      if (!located.some((item) => item.config.availabilityZone === zone && !item.config.private)) {
        ctx.report(
          listPath,
          'no-public-subnet-in-zone',
          `controller ${place} is in ${zone} (subnet ${subnet.config.name}), where there is no public subnet for the API load balancer; add one`,
        );
        return none;
      }
    }
  }

  const zones = new Set(used.map((subnet) => subnet.config.availabilityZone));
  if (count > 1 && zones.size === 1) {
    ctx.report(
      written === undefined ? ['controller', 'count'] : listPath,
      'controllers-in-one-zone',
      `all ${count} controllers are in ${[...zones][0]}: the control plane is not zone-redundant and does not survive the loss of that zone; list a subnet of another zone in subnets (and controller.subnets)`,
      { severity: 'warning' },
    );
  }
  return { privateIPs, subnets };
}
