import type { RootVolumeConfig, RootVolumeType } from '../ClusterConfig.js';
import { DEFAULTS } from '../defaults.js';
import { pickValue } from './pickValue.js';
import type { ResolveContext } from './ResolveContext.js';
import type { FieldPath } from './SourceInfo.js';
import { spellingsOf } from './deprecatedKeys.js';

/** IOPS limits per volume type: [minimum, maximum, maximum per GiB]. */
const IOPS_LIMITS: Partial<Record<RootVolumeType, readonly [number, number, number]>> = {
  gp3: [3000, 16000, 500],
  io1: [100, 64000, 50],
  io2: [100, 256000, 1000],
};

/**
 * Resolves a root volume from the places it may be written, most specific first
 * (a pool, then worker, then the deprecated flat keys), and checks its IOPS.
 */
export function resolveRootVolume(
  ctx: ResolveContext,
  bases: FieldPath[],
  key = 'rootVolume',
  defaultSize: number = DEFAULTS.rootVolumeSize,
): RootVolumeConfig {
  const candidates = (field: string) => bases.flatMap((base) => spellingsOf([...base, key, field]));
  const size = pickValue<number>(ctx, candidates('size'), defaultSize);
  const type = pickValue<RootVolumeType>(ctx, candidates('type'), DEFAULTS.rootVolumeType);
  const iops = pickValue<number | undefined>(ctx, candidates('iops'), undefined);
  const limits = IOPS_LIMITS[type.value];
  if (iops.value === undefined) {
    if (type.value === 'io1' || type.value === 'io2') {
      ctx.report(type.path, 'iops-required', `${type.value} volumes need ${key}.iops as well`);
    }
  } else if (limits === undefined) {
    ctx.report(
      iops.path,
      'iops-not-allowed',
      `is only allowed for gp3, io1 and io2 volumes (this volume is ${type.value})`,
    );
  } else {
    const [minimum, maximum, perGiB] = limits;
    const ceiling = Math.min(maximum, perGiB * size.value);
    if (iops.value < minimum || iops.value > ceiling) {
      ctx.report(
        iops.path,
        'iops-out-of-range',
        `must be from ${minimum} to ${ceiling} for ${size.value} GiB of ${type.value} (got ${iops.value})`,
      );
    }
  }
  return { size: size.value, type: type.value, iops: iops.value };
}
