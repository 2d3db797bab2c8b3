import type { ClusterConfig } from '@kube-aws/config-schema';
import { etcdToolsParameterName } from './templateContext.js';

/**
 * Where etcd snapshots go: the bucket and key prefix (no trailing slash) of etcd.backup.s3URI, or
 * `<clusterName>/etcd` in a bucket named alone.
 */
export function etcdBackupLocation(
  config: ClusterConfig,
): { bucket: string; prefix: string } | undefined {
  const uri = config.etcd.backup?.s3URI;
  if (uri === undefined) return undefined;
  const [bucket = '', ...rest] = uri.replace(/^s3:\/\//, '').split('/');
  const prefix = rest.filter((part) => part !== '').join('/');
  return { bucket, prefix: prefix === '' ? `${config.clusterName}/etcd` : prefix };
}

/**
 * The etcd block of the controller templates' context: the SSM parameter holding the etcd tools,
 * and the backup settings (`enabled: false`, with empty values, when etcd is not backed up).
 */
export function etcdContext(config: ClusterConfig): Record<string, unknown> {
  const location = etcdBackupLocation(config);
  const backup = config.etcd.backup;
  return {
    parameter: etcdToolsParameterName(config),
    backup:
      location === undefined || backup === undefined
        ? { enabled: false, bucket: '', prefix: '', intervalMinutes: 0, retentionDays: 0 }
        : {
            enabled: true,
            bucket: location.bucket,
            prefix: location.prefix,
            intervalMinutes: backup.intervalMinutes,
            retentionDays: backup.retentionDays,
          },
  };
}
