import type { ClusterConfig } from '@kube-aws/config-schema';

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
