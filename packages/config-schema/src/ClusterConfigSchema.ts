import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { optionalExcept } from './internal/optionalExcept.js';
import { DEFAULTS } from './defaults.js';
import { S3_URI_EXPECTATION, S3_URI_MAX_LENGTH, S3_URI_PATTERN } from './isS3Uri.js';
import { SCHEMA_ID } from './schemaUrl.js';

// Patterns are deliberately loose: they give editors a first check, and the
// semantic rules in checkSemantics.ts give the precise, explained verdict.
const CIDR_PATTERN = '^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$';
const IPV4_PATTERN = '^\\d{1,3}(\\.\\d{1,3}){3}$';

// Maxima of counts and lists (docs/adr/0012-input-bounds.md). Each is far above a real cluster,
// and each keeps a typo such as count: 10000 from ever reaching AWS.
/** Nodes of one pool: an Auto Scaling group this large is a typo, not a plan. */
const MAX_POOL_NODES = 1000;
/** Pools and subnets: each is a few CloudFormation resources, and a stack takes 500. */
const MAX_POOLS = 50;
const MAX_SUBNETS = 50;
/**
 * Source blocks per list: the controllers' security group holds both lists besides its own
 * rules, and AWS allows 60 inbound rules per group by default.
 */
const MAX_SOURCE_CIDRS = 20;
/** CloudFormation: at most 50 stack tags, keys of 1 to 128 characters, values of 1 to 256. */
const MAX_STACK_TAGS = 50;

/** Extra keyword read by checkAgainstSchema: a human phrase for the pattern. */
function described(pattern: string, expectation: string): { pattern: string; 'x-expect': string } {
  return { pattern, 'x-expect': expectation };
}

const Cidr = (description: string, defaultValue?: string) =>
  Type.String({
    description,
    ...described(CIDR_PATTERN, 'an IPv4 CIDR block such as 10.0.0.0/16'),
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  });

const Ipv4 = (description: string, defaultValue?: string) =>
  Type.String({
    description,
    ...described(IPV4_PATTERN, 'an IPv4 address such as 10.0.0.50'),
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  });

const InstanceType = (description: string, defaultValue: string) =>
  Type.String({
    description,
    default: defaultValue,
    ...described('^[a-z][a-z0-9-]*\\.[a-z0-9-]+$', 'an EC2 instance type such as t3.medium'),
  });

const RootVolumeSize = (description: string) =>
  Type.Integer({ description, minimum: 8, maximum: 16384, default: DEFAULTS.rootVolumeSize });
const RootVolumeType = (description: string) =>
  Type.Union(
    [
      Type.Literal('gp3'),
      Type.Literal('gp2'),
      Type.Literal('io1'),
      Type.Literal('io2'),
      Type.Literal('standard'),
    ],
    { description, default: DEFAULTS.rootVolumeType },
  );
const RootVolumeIops = (description: string) =>
  Type.Integer({ description, minimum: 100, maximum: 256000 });

const RootVolume = Type.Object(
  optionalExcept(
    {
      size: RootVolumeSize('Root volume size in GiB.'),
      type: RootVolumeType(
        'EBS volume type of the root volume. Root volumes are always encrypted.',
      ),
      iops: RootVolumeIops(
        'Provisioned IOPS: required for io1/io2, optional for gp3 (3000 to 16000), not allowed otherwise.',
      ),
    },
    [],
  ),
  { additionalProperties: false, description: 'The root EBS volume of each instance.' },
);

const NodePool = Type.Object(
  optionalExcept(
    {
      name: Type.String({
        description: 'Name of the pool, unique in the cluster: a DNS label.',
        ...described('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'a DNS label such as general or gpu-1'),
        maxLength: 40,
      }),
      count: Type.Integer({
        description: `Number of nodes in the pool; at most ${MAX_POOL_NODES}, and the cluster at most 5000 nodes in all.`,
        minimum: 0,
        maximum: MAX_POOL_NODES,
      }),
      instanceType: Type.String({
        description: 'EC2 instance type of the pool; inherits worker.instanceType.',
        ...described('^[a-z][a-z0-9-]*\\.[a-z0-9-]+$', 'an EC2 instance type such as t3.medium'),
      }),
      rootVolume: RootVolume,
      subnets: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        description: 'Names of the subnets the pool spreads over; all worker subnets when omitted.',
        minItems: 1,
        maxItems: MAX_SUBNETS,
      }),
    },
    ['name'],
  ),
  { additionalProperties: false },
);

const Subnet = Type.Object(
  optionalExcept(
    {
      name: Type.String({
        description: 'Name of the subnet, used by node pools to refer to it.',
        ...described('^[A-Za-z0-9][-A-Za-z0-9]*$', 'letters, digits and dashes'),
        maxLength: 64,
      }),
      availabilityZone: Type.String({
        description: 'Availability zone of the subnet.',
        maxLength: 64,
      }),
      instanceCIDR: Cidr('CIDR block of the subnet, inside vpcCIDR.'),
      private: Type.Boolean({
        description:
          'Private subnets route to the internet through a NAT gateway in a public subnet.',
        default: false,
      }),
    },
    ['availabilityZone', 'instanceCIDR'],
  ),
  { additionalProperties: false },
);

/**
 * The cluster.yaml schema: the single source of both the TypeScript input
 * types and the published JSON Schema.
 */
export const ClusterConfigSchema = Type.Object(
  optionalExcept(
    {
      clusterName: Type.String({
        description:
          'Name of the cluster and of its CloudFormation stack: letters, digits and dashes, starting with a letter.',
        ...described('^[A-Za-z][-A-Za-z0-9]*$', 'a CloudFormation stack name such as my-cluster'),
        maxLength: 128,
      }),
      externalDNSName: Type.String({
        description:
          'DNS name at which the Kubernetes API is reached from outside; it goes into the API server certificate.',
        maxLength: 253,
      }),
      region: Type.String({
        description: 'AWS region of the cluster, such as us-west-1.',
        ...described('^[a-z]{2}(-[a-z]+)+-\\d+$', 'an AWS region such as us-west-1'),
      }),
      availabilityZone: Type.String({
        description:
          'Availability zone of the single subnet; use subnets[] instead for several zones.',
        maxLength: 64,
      }),
      keyName: Type.String({
        description:
          "Name of the EC2 key pair that may SSH into the instances. EC2's rule: up to 255 ASCII characters, without spaces at either end.",
        minLength: 1,
        maxLength: 255,
        ...described(
          '^[!-~]([ -~]*[!-~])?$',
          'an EC2 key pair name: printable ASCII, without spaces at either end',
        ),
      }),
      kmsKeyArn: Type.String({
        description: 'ARN of the KMS key that encrypts the TLS assets; it must be in region.',
        maxLength: 2048,
      }),
      amiId: Type.String({
        description:
          'Pin the Flatcar AMI. When unset, kube-aws resolves the current stable AMI once and records it.',
        examples: ['ami-0123456789abcdef0'],
        ...described('^ami-([0-9a-f]{8}|[0-9a-f]{17})$', 'an AMI id such as ami-0123456789abcdef0'),
      }),
      kubernetesVersion: Type.String({
        description: 'Kubernetes release to run.',
        default: DEFAULTS.kubernetesVersion,
        ...described('^v?\\d+\\.\\d+\\.\\d+$', 'a Kubernetes release such as v1.36.1'),
      }),
      controller: Type.Object(
        optionalExcept(
          {
            count: Type.Integer({
              description: 'Number of controllers. Use an odd number: etcd needs a majority.',
              minimum: 1,
              maximum: 7,
              default: DEFAULTS.controllerCount,
            }),
            instanceType: InstanceType(
              'EC2 instance type of the controllers.',
              DEFAULTS.instanceType,
            ),
            rootVolume: RootVolume,
            subnets: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
              description:
                'Names of the subnets the controllers spread over, in order: controller i goes to the i-th (round robin), at the place controllerIP has in the first. Default: the subnet of controllerIP, then one subnet of each other availability zone.',
              minItems: 1,
              maxItems: MAX_SUBNETS,
            }),
            loadBalancer: Type.Boolean({
              description:
                'Put a network load balancer (TCP 443, health check on /readyz) in front of the API servers: workers, kube-proxy and flannel reach the API through it. Default: true with more than one controller (which needs it); one controller is reached at its own fixed address and Elastic IP.',
            }),
          },
          [],
        ),
        { additionalProperties: false, description: 'The control plane.' },
      ),
      etcd: Type.Object(
        optionalExcept(
          {
            volume: Type.Object(
              optionalExcept(
                {
                  size: Type.Integer({
                    description: "Size in GiB of each member's data volume.",
                    minimum: 1,
                    maximum: 16384,
                    default: DEFAULTS.etcdVolumeSize,
                  }),
                  type: RootVolumeType(
                    'EBS volume type of the data volumes. They are always encrypted.',
                  ),
                  iops: RootVolumeIops(
                    'Provisioned IOPS: required for io1/io2, optional for gp3 (3000 to 16000), not allowed otherwise.',
                  ),
                },
                [],
              ),
              {
                additionalProperties: false,
                description:
                  'The EBS volume each etcd member keeps its data on: it outlives the controller (a final snapshot is taken when the stack deletes it) and is attached again to the controller that replaces it.',
              },
            ),
            backup: Type.Object(
              optionalExcept(
                {
                  s3URI: Type.String({
                    description:
                      'Where etcd snapshots go, as it is: s3://bucket/prefix. Default: <s3URI>/<clusterName>/etcd. Without either, etcd is not backed up.',
                    maxLength: S3_URI_MAX_LENGTH,
                    ...described(S3_URI_PATTERN, S3_URI_EXPECTATION),
                  }),
                  intervalMinutes: Type.Integer({
                    description: 'Minutes between snapshots.',
                    minimum: 5,
                    maximum: 1440,
                    default: DEFAULTS.etcdBackupIntervalMinutes,
                  }),
                  retentionDays: Type.Integer({
                    description:
                      'Days a snapshot is kept; the newest one is kept whatever its age.',
                    minimum: 1,
                    maximum: 3650,
                    default: DEFAULTS.etcdBackupRetentionDays,
                  }),
                },
                [],
              ),
              {
                additionalProperties: false,
                description:
                  "Snapshots of etcd (etcdctl snapshot save) to S3, encrypted with the cluster's KMS key (SSE-KMS). kube-aws etcd snapshot takes one now, kube-aws etcd restore restores one (docs/etcd.md).",
              },
            ),
          },
          [],
        ),
        { additionalProperties: false, description: 'etcd: data volumes and backups.' },
      ),
      worker: Type.Object(
        optionalExcept(
          {
            count: Type.Integer({
              description: `Number of workers in the default pool; at most ${MAX_POOL_NODES}.`,
              minimum: 0,
              maximum: MAX_POOL_NODES,
              default: DEFAULTS.workerCount,
            }),
            instanceType: InstanceType(
              'EC2 instance type of the workers; the default for every pool.',
              DEFAULTS.instanceType,
            ),
            rootVolume: RootVolume,
            rollingUpdate: Type.Object(
              optionalExcept(
                {
                  maxSurge: Type.Integer({
                    description: `Nodes a pool may have above its count while it rolls: new nodes come up (and signal Ready) before old ones are drained and terminated, this many at a time. 0 rolls one node at a time below count instead.`,
                    minimum: 0,
                    maximum: MAX_POOL_NODES,
                    default: DEFAULTS.maxSurge,
                  }),
                },
                [],
              ),
              {
                additionalProperties: false,
                description:
                  'How every worker pool is rolled when its nodes change (docs/operations.md).',
              },
            ),
            nodePools: Type.Array(NodePool, {
              description: `Worker pools, at most ${MAX_POOLS}. When omitted, worker.count, worker.instanceType and worker.rootVolume form one pool named default; when given, they are the defaults of each pool.`,
              minItems: 1,
              maxItems: MAX_POOLS,
              examples: [
                [
                  { name: 'general', count: 2 },
                  { name: 'large', count: 1, instanceType: 'm7i.xlarge' },
                ],
              ],
            }),
          },
          [],
        ),
        { additionalProperties: false, description: 'The worker nodes.' },
      ),
      controllerInstanceType: InstanceType(
        'Deprecated: use controller.instanceType.',
        DEFAULTS.instanceType,
      ),
      controllerRootVolumeSize: RootVolumeSize('Deprecated: use controller.rootVolume.size.'),
      controllerRootVolumeType: RootVolumeType('Deprecated: use controller.rootVolume.type.'),
      controllerRootVolumeIOPS: RootVolumeIops('Deprecated: use controller.rootVolume.iops.'),
      workerCount: Type.Integer({
        description: 'Deprecated: use worker.count.',
        minimum: 0,
        maximum: MAX_POOL_NODES,
        default: DEFAULTS.workerCount,
      }),
      workerInstanceType: InstanceType(
        'Deprecated: use worker.instanceType.',
        DEFAULTS.instanceType,
      ),
      workerRootVolumeSize: RootVolumeSize('Deprecated: use worker.rootVolume.size.'),
      workerRootVolumeType: RootVolumeType('Deprecated: use worker.rootVolume.type.'),
      workerRootVolumeIOPS: RootVolumeIops('Deprecated: use worker.rootVolume.iops.'),
      vpcId: Type.String({
        description: 'Deploy into this existing VPC instead of creating one.',
        examples: ['vpc-0123456789abcdef0'],
        ...described('^vpc-([0-9a-f]{8}|[0-9a-f]{17})$', 'a VPC id such as vpc-0123456789abcdef0'),
      }),
      routeTableId: Type.String({
        description: 'Route table of the existing VPC to associate the subnets with.',
        examples: ['rtb-0123456789abcdef0'],
        ...described(
          '^rtb-([0-9a-f]{8}|[0-9a-f]{17})$',
          'a route table id such as rtb-0123456789abcdef0',
        ),
      }),
      vpcCIDR: Cidr('CIDR block of the VPC.', DEFAULTS.vpcCIDR),
      instanceCIDR: Cidr(
        'CIDR block of the single subnet; use subnets[] instead for several.',
        DEFAULTS.instanceCIDR,
      ),
      subnets: Type.Array(Subnet, {
        description: `Subnets of the cluster, at most ${MAX_SUBNETS}. When omitted, one public subnet is made from availabilityZone and instanceCIDR.`,
        minItems: 1,
        maxItems: MAX_SUBNETS,
        examples: [
          [
            { name: 'public-a', availabilityZone: 'us-west-1a', instanceCIDR: '10.0.0.0/24' },
            {
              name: 'private-a',
              availabilityZone: 'us-west-1a',
              instanceCIDR: '10.0.1.0/24',
              private: true,
            },
          ],
        ],
      }),
      controllerIP: Ipv4(
        'Private IP of the (first) controller, inside a public subnet.',
        DEFAULTS.controllerIP,
      ),
      podCIDR: Cidr('CIDR block of pod IPs; must not overlap the VPC.', DEFAULTS.podCIDR),
      serviceCIDR: Cidr(
        'CIDR block of Service cluster IPs; the first address is the kubernetes Service.',
        DEFAULTS.serviceCIDR,
      ),
      dnsServiceIP: Ipv4(
        'Cluster IP of the DNS Service, inside serviceCIDR.',
        DEFAULTS.dnsServiceIP,
      ),
      sshAccessAllowedSourceCIDRs: Type.Array(Cidr('A CIDR block allowed to SSH.'), {
        description: `Source CIDR blocks allowed to reach port 22 of the nodes, at most ${MAX_SOURCE_CIDRS}.`,
        maxItems: MAX_SOURCE_CIDRS,
        default: [...DEFAULTS.sshAccessAllowedSourceCIDRs],
      }),
      apiAccessAllowedSourceCIDRs: Type.Array(Cidr('A CIDR block allowed to reach the API.'), {
        description: `Source CIDR blocks allowed to reach the Kubernetes API on port 443, at most ${MAX_SOURCE_CIDRS}.`,
        maxItems: MAX_SOURCE_CIDRS,
        default: [...DEFAULTS.apiAccessAllowedSourceCIDRs],
      }),
      createRecordSet: Type.Boolean({
        description: 'Create a Route53 A record for externalDNSName pointing at the controller.',
        default: false,
      }),
      hostedZoneId: Type.String({
        description: 'Route53 hosted zone of the record; required with createRecordSet.',
        examples: ['Z123EXAMPLE'],
        ...described('^[A-Z0-9]{1,32}$', 'a Route53 hosted zone id such as Z123EXAMPLE'),
      }),
      recordSetTTL: Type.Integer({
        description: 'TTL in seconds of the Route53 record.',
        minimum: 1,
        maximum: 604800,
        default: DEFAULTS.recordSetTTL,
      }),
      tlsCADurationDays: Type.Integer({
        description: 'Validity of the generated CA certificate, in days.',
        minimum: 1,
        maximum: 36500,
        default: DEFAULTS.tlsCADurationDays,
      }),
      tlsCertDurationDays: Type.Integer({
        description:
          'Validity of the generated leaf certificates, in days; at most the CA validity.',
        minimum: 1,
        maximum: 36500,
        default: DEFAULTS.tlsCertDurationDays,
      }),
      pki: Type.Object(
        optionalExcept(
          {
            keyAlgorithm: Type.Union(
              [Type.Literal('ecdsa-p256'), Type.Literal('rsa-2048'), Type.Literal('rsa-4096')],
              { description: 'Key algorithm of generated keys.', default: DEFAULTS.keyAlgorithm },
            ),
          },
          [],
        ),
        { additionalProperties: false, description: 'How kube-aws generates TLS assets.' },
      ),
      s3URI: Type.String({
        description:
          "S3 location (s3://bucket/prefix) for stack templates larger than 51,200 bytes. The prefix takes S3's safe characters only (letters, digits, . _ -, between slashes): it goes into IAM policies, where * and ? are wildcards and ${…} is a variable.",
        examples: ['s3://my-bucket/kube-aws'],
        maxLength: S3_URI_MAX_LENGTH,
        ...described(S3_URI_PATTERN, S3_URI_EXPECTATION),
      }),
      stackTags: Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 256 }), {
        description: `Tags applied to the CloudFormation stack and so to every resource in it. CloudFormation's rules: at most ${MAX_STACK_TAGS} tags; keys of 1 to 128 characters that do not start with aws:; values of 1 to 256. Keys take ASCII letters, digits, spaces and _ . : / = + - @; values take letters of any script, digits, spaces and the same signs. Keys starting with kube-aws: are kube-aws's own.`,
        default: {},
        maxProperties: MAX_STACK_TAGS,
        // For editors; resolveClusterConfig checks keys with its own, worded messages.
        propertyNames: { minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9 _.:/=+@-]+$' },
        examples: [{ team: 'platform', environment: 'staging' }],
      }),
    },
    ['clusterName', 'externalDNSName', 'region', 'keyName', 'kmsKeyArn'],
  ),
  {
    $id: SCHEMA_ID,
    title: 'kube-aws cluster.yaml',
    description: 'Configuration of a Kubernetes cluster on AWS made by kube-aws.',
    additionalProperties: false,
  },
);

/** What a user may write in cluster.yaml: every field optional except the required ones. */
export type ClusterConfigInput = Static<typeof ClusterConfigSchema>;
