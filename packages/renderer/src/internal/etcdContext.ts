import type { ClusterConfig } from '@kube-aws/config-schema';
import { etcdBackupLocation } from '../etcdBackupLocation.js';
import { etcdToolsParameterName } from './templateContext.js';

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
