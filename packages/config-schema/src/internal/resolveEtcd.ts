import type { EtcdConfig } from '../ClusterConfig.js';
import { DEFAULTS } from '../defaults.js';
import { pickValue } from './pickValue.js';
import type { ResolveContext } from './ResolveContext.js';
import { resolveRootVolume } from './resolveRootVolume.js';

/**
 * etcd's data volume and backups. Snapshots go to etcd.backup.s3URI as written, else under s3URI
 * (`<s3URI>/<clusterName>/etcd`); with neither, etcd is not backed up.
 */
export function resolveEtcd(
  ctx: ResolveContext,
  clusterName: string,
  s3URI: string | undefined,
): EtcdConfig {
  const volume = resolveRootVolume(ctx, [['etcd']], 'volume', DEFAULTS.etcdVolumeSize);
  const written = pickValue<string | undefined>(ctx, [['etcd', 'backup', 's3URI']], undefined);
  const base = s3URI === undefined || !ctx.allValid(['s3URI']) ? undefined : s3URI;
  const location =
    written.value ??
    (base === undefined ? undefined : `${base.replace(/\/+$/, '')}/${clusterName}/etcd`);
  const interval = pickValue<number>(
    ctx,
    [['etcd', 'backup', 'intervalMinutes']],
    DEFAULTS.etcdBackupIntervalMinutes,
  );
  const retention = pickValue<number>(
    ctx,
    [['etcd', 'backup', 'retentionDays']],
    DEFAULTS.etcdBackupRetentionDays,
  );
  if (location === undefined) {
    if (ctx.has(['etcd', 'backup'])) {
      ctx.report(
        ['etcd', 'backup'],
        'needs-s3-location',
        'needs etcd.backup.s3URI or s3URI: snapshots go to S3',
      );
    }
    return { volume, backup: undefined };
  }
  return {
    volume,
    backup: {
      s3URI: location.replace(/\/+$/, ''),
      intervalMinutes: interval.value,
      retentionDays: retention.value,
    },
  };
}
