import type { ClusterConfig } from '@kube-aws/config-schema';

/**
 * The kubeconfig that lets `kubectl --kubeconfig=kubeconfig` reach the cluster as its admin.
 * It lives in the asset directory and names the credentials/ files by relative path, so it holds
 * no secret itself.
 */
export function renderKubeconfig(
  config: ClusterConfig,
  credentialsDirectory = 'credentials',
): string {
  const name = config.clusterName;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${name}`,
    '    cluster:',
    `      server: https://${config.externalDNSName}`,
    `      certificate-authority: ${credentialsDirectory}/ca.pem`,
    'users:',
    `  - name: ${name}-admin`,
    '    user:',
    `      client-certificate: ${credentialsDirectory}/admin.pem`,
    `      client-key: ${credentialsDirectory}/admin-key.pem`,
    'contexts:',
    `  - name: ${name}`,
    '    context:',
    `      cluster: ${name}`,
    `      user: ${name}-admin`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}
