/** A parsed IPv4 CIDR block; addresses are unsigned 32-bit integers. */
export interface Cidr {
  readonly network: number;
  readonly prefix: number;
  /** Last address of the block (the broadcast address). */
  readonly last: number;
}

/** Parses a dotted IPv4 address, or returns undefined. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255 || (part.length > 1 && part.startsWith('0'))) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Parses `a.b.c.d/n`; returns a reason string when it is not a valid network block. */
export function parseCidr(text: string): Cidr | string {
  const slash = text.indexOf('/');
  if (slash < 0) return 'must be a CIDR block such as 10.0.0.0/16 (no /prefix)';
  const address = parseIpv4(text.slice(0, slash));
  if (address === undefined) return `must be a CIDR block such as 10.0.0.0/16 (bad address)`;
  const prefixText = text.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^\d{1,2}$/.test(prefixText) || prefix > 32) {
    return 'must be a CIDR block such as 10.0.0.0/16 (prefix must be 0 to 32)';
  }
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  if (network !== address) {
    return `has host bits set; the network is ${formatIpv4(network)}/${prefix}`;
  }
  return { network, prefix, last: network + size - 1 };
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.last <= outer.last;
}

export function cidrContainsAddress(block: Cidr, address: number): boolean {
  return address >= block.network && address <= block.last;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network <= b.last && b.network <= a.last;
}

export function formatCidr(block: Cidr): string {
  return `${formatIpv4(block.network)}/${block.prefix}`;
}
