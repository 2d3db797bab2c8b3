import type { Cidr } from './ipv4.js';
import { parseCidr, parseIpv4 } from './ipv4.js';
import type { ResolveContext } from './ResolveContext.js';
import type { FieldPath } from './SourceInfo.js';

/** Parses a CIDR the user wrote (or a default); reports why it is not a network block. */
export function resolveCidr(ctx: ResolveContext, path: FieldPath, text: string): Cidr | undefined {
  if (!ctx.allValid(path)) return undefined;
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') {
    ctx.report(path, 'cidr-invalid', `${parsed} (got ${JSON.stringify(text)})`);
    return undefined;
  }
  return parsed;
}

/** Parses an IPv4 address the user wrote (or a default); reports it when it is not one. */
export function resolveAddress(
  ctx: ResolveContext,
  path: FieldPath,
  text: string,
): number | undefined {
  if (!ctx.allValid(path)) return undefined;
  const parsed = parseIpv4(text);
  if (parsed === undefined) {
    ctx.report(
      path,
      'ip-invalid',
      `must be an IPv4 address such as 10.0.0.50 (got ${JSON.stringify(text)})`,
    );
  }
  return parsed;
}
