/** The fields of a Kubernetes Node (core/v1) that kube-aws check reads. */
export interface KubeNode {
  readonly metadata: { readonly name: string };
  readonly spec?: {
    readonly providerID?: string;
    readonly taints?: readonly { readonly key: string; readonly effect?: string }[];
  };
  readonly status?: {
    readonly conditions?: readonly {
      readonly type: string;
      readonly status: string;
      readonly reason?: string;
    }[];
  };
}
