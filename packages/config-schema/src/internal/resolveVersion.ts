import { DEFAULTS } from '../defaults.js';
import type { ResolveContext } from './ResolveContext.js';

/** The oldest Kubernetes minor release still supported upstream when this package was released. */
export const OLDEST_SUPPORTED_MINOR = 34;

/** Normalises kubernetesVersion to `v1.x.y` and warns about releases past their end of life. */
export function resolveVersion(ctx: ResolveContext): string {
  const written = ctx.valueAt(['kubernetesVersion']) as string | undefined;
  const version =
    written === undefined
      ? DEFAULTS.kubernetesVersion
      : written.startsWith('v')
        ? written
        : `v${written}`;
  const [major, minor] = version.slice(1).split('.').map(Number) as [number, number];
  if (written !== undefined && major !== 1) {
    ctx.report(
      ['kubernetesVersion'],
      'version-unsupported',
      `${written} is not a Kubernetes 1.x release`,
    );
  } else if (written !== undefined && minor < OLDEST_SUPPORTED_MINOR) {
    ctx.report(
      ['kubernetesVersion'],
      'version-end-of-life',
      `${written} is past its end of life; kube-aws is tested with v1.${OLDEST_SUPPORTED_MINOR} and later`,
      { severity: 'warning' },
    );
  }
  return version;
}
