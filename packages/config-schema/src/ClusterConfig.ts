/** EBS volume types allowed for a root volume. */
export type RootVolumeType = 'gp3' | 'gp2' | 'io1' | 'io2' | 'standard';

/** Key algorithms kube-aws can generate TLS keys with. */
export type KeyAlgorithm = 'ecdsa-p256' | 'rsa-2048' | 'rsa-4096';

export interface RootVolumeConfig {
  readonly size: number;
  readonly type: RootVolumeType;
  /** Provisioned IOPS; undefined means the volume type's baseline. */
  readonly iops: number | undefined;
}

export interface SubnetConfig {
  /** `subnet0`, `subnet1`, … unless named in cluster.yaml. */
  readonly name: string;
  readonly availabilityZone: string;
  readonly instanceCIDR: string;
  readonly private: boolean;
}

export interface NodePoolConfig {
  readonly name: string;
  readonly count: number;
  readonly instanceType: string;
  readonly rootVolume: RootVolumeConfig;
  /** Names of the subnets the pool spreads over. */
  readonly subnets: readonly string[];
}

/** How CloudFormation rolls a worker pool whose nodes change. */
export interface RollingUpdateConfig {
  /** Nodes above the pool's count during a roll; 0 rolls one at a time below count. */
  readonly maxSurge: number;
}

export interface ControllerConfig {
  readonly count: number;
  readonly instanceType: string;
  readonly rootVolume: RootVolumeConfig;
  /**
   * The fixed private IP of each controller, its etcd member's address: controllerIP, then the
   * same place in each further controller subnet (the next address when a subnet comes round again).
   */
  readonly privateIPs: readonly string[];
  /** Name of the subnet of the first controller, which holds controllerIP. */
  readonly subnet: string;
  /** Name of each controller's subnet, in controller order: controllers spread over zones. */
  readonly subnets: readonly string[];
  /** Whether a network load balancer fronts the API servers (one API endpoint). */
  readonly loadBalancer: boolean;
}

/** etcd's data volumes and its snapshots in S3. */
export interface EtcdConfig {
  /** Each member's own EBS volume, which outlives its controller. */
  readonly volume: RootVolumeConfig;
  /** Snapshots to S3; undefined when there is no S3 location (no s3URI or etcd.backup.s3URI). */
  readonly backup: EtcdBackupConfig | undefined;
}

export interface EtcdBackupConfig {
  /** Where snapshots go: `s3://bucket/prefix`, used as it is. */
  readonly s3URI: string;
  readonly intervalMinutes: number;
  readonly retentionDays: number;
}

/** A fully resolved cluster configuration: every field present, checked and read-only. */
export interface ClusterConfig {
  readonly clusterName: string;
  readonly externalDNSName: string;
  readonly region: string;
  readonly keyName: string;
  readonly kmsKeyArn: string;
  /** A pinned AMI, or undefined to let the provisioner resolve (and record) one. */
  readonly amiId: string | undefined;
  /** Always with a leading `v`, such as `v1.36.1`. */
  readonly kubernetesVersion: string;
  readonly controller: ControllerConfig;
  readonly controllerIP: string;
  readonly etcd: EtcdConfig;
  readonly worker: {
    readonly nodePools: readonly NodePoolConfig[];
    readonly rollingUpdate: RollingUpdateConfig;
  };
  readonly vpcId: string | undefined;
  readonly routeTableId: string | undefined;
  readonly vpcCIDR: string;
  readonly subnets: readonly SubnetConfig[];
  readonly podCIDR: string;
  readonly serviceCIDR: string;
  /** The first address of serviceCIDR, such as 10.3.0.1. */
  readonly kubernetesServiceIP: string;
  readonly dnsServiceIP: string;
  readonly sshAccessAllowedSourceCIDRs: readonly string[];
  readonly apiAccessAllowedSourceCIDRs: readonly string[];
  readonly createRecordSet: boolean;
  readonly hostedZoneId: string | undefined;
  readonly recordSetTTL: number;
  readonly tlsCADurationDays: number;
  readonly tlsCertDurationDays: number;
  readonly pki: { readonly keyAlgorithm: KeyAlgorithm };
  readonly s3URI: string | undefined;
  readonly stackTags: Readonly<Record<string, string>>;
}
