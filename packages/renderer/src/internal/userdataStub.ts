import { COMPONENT_VERSIONS } from '../versions.js';

/**
 * The small userdata of a node whose full cloud-config lives in S3: it fetches the object with the
 * instance role and hands it to coreos-cloudinit. The object key holds a hash of the content, so a
 * changed cloud-config changes the userdata and rolls the node, as an inline one would.
 */
export function userdataStub(bucket: string, key: string, region: string): string {
  return [
    '#cloud-config',
    '# kube-aws: the full cloud-config of this node is in S3 (s3URI); this unit runs it.',
    'coreos:',
    '  units:',
    '    - name: kube-aws-cloud-config.service',
    '      command: start',
    '      content: |',
    '        [Unit]',
    "        Description=Fetch this node's cloud-config from S3 and run it",
    '        Requires=docker.service',
    '        After=docker.service network-online.target',
    '        Wants=network-online.target',
    '        [Service]',
    '        Type=oneshot',
    '        RemainAfterExit=true',
    '        Restart=on-failure',
    '        RestartSec=10',
    '        ExecStartPre=/usr/bin/mkdir -p /var/lib/kube-aws',
    `        ExecStartPre=/usr/bin/docker run --rm --net=host -v /var/lib/kube-aws:/out public.ecr.aws/aws-cli/aws-cli:${COMPONENT_VERSIONS.awsCli} s3 cp --region ${region} s3://${bucket}/${key} /out/cloud-config.gz`,
    "        ExecStartPre=/bin/sh -c 'gunzip -c /var/lib/kube-aws/cloud-config.gz > /var/lib/kube-aws/cloud-config'",
    '        ExecStart=/usr/bin/coreos-cloudinit --from-file=/var/lib/kube-aws/cloud-config',
    '',
  ].join('\n');
}
