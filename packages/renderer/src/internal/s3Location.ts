/** Where a cluster's objects go under s3URI: `s3://bucket/prefix` → bucket and key prefix. */
export function s3Location(s3URI: string, clusterName: string): { bucket: string; prefix: string } {
  const [bucket = '', ...rest] = s3URI.replace(/^s3:\/\//, '').split('/');
  const base = rest.filter((part) => part !== '').join('/');
  return { bucket, prefix: base === '' ? clusterName : `${base}/${clusterName}` };
}
