/** True when an availability zone name belongs to a region: `us-west-1c`, or a Local Zone such as `us-west-2-lax-1a`. */
export function azInRegion(availabilityZone: string, region: string): boolean {
  if (!availabilityZone.startsWith(region)) return false;
  const rest = availabilityZone.slice(region.length);
  return /^[a-z]$/.test(rest) || /^-[a-z0-9]+(-[a-z0-9]+)*[a-z]$/.test(rest);
}
