import type { ResolveContext } from './ResolveContext.js';
import { formatPath } from './SourceInfo.js';
import type { FieldPath } from './SourceInfo.js';

/** The guide's flat keys and the nested keys that replace them. */
export const DEPRECATED_KEYS: ReadonlyArray<readonly [string, FieldPath]> = [
  ['controllerInstanceType', ['controller', 'instanceType']],
  ['controllerRootVolumeSize', ['controller', 'rootVolume', 'size']],
  ['controllerRootVolumeType', ['controller', 'rootVolume', 'type']],
  ['controllerRootVolumeIOPS', ['controller', 'rootVolume', 'iops']],
  ['workerCount', ['worker', 'count']],
  ['workerInstanceType', ['worker', 'instanceType']],
  ['workerRootVolumeSize', ['worker', 'rootVolume', 'size']],
  ['workerRootVolumeType', ['worker', 'rootVolume', 'type']],
  ['workerRootVolumeIOPS', ['worker', 'rootVolume', 'iops']],
];

/** Warns about each flat key in use, and rejects a flat key set together with its replacement. */
export function checkDeprecatedKeys(ctx: ResolveContext): void {
  for (const [flat, nested] of DEPRECATED_KEYS) {
    if (!ctx.has([flat])) continue;
    const replacement = formatPath(nested);
    if (ctx.has(nested)) {
      ctx.report(
        [flat],
        'conflicting-keys',
        `conflicts with ${replacement}; keep only ${replacement}`,
      );
    } else {
      ctx.report([flat], 'deprecated-key', `is deprecated; write ${replacement} instead`, {
        severity: 'warning',
      });
    }
  }
}

/** Where to read a nested setting: the nested key first, then its deprecated flat spelling. */
export function spellingsOf(nested: FieldPath): FieldPath[] {
  const flat = DEPRECATED_KEYS.find(([, path]) => formatPath(path) === formatPath(nested));
  return flat === undefined ? [nested] : [nested, [flat[0]]];
}
