/** The upstream component whose command line a rendered node gives. */
export type UpstreamComponent =
  | 'kubelet'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kube-proxy'
  | 'etcd';

/**
 * What one upstream binary accepts on its command line, read from its source. Data only: each file
 * that builds one of these names the release and the source files read, and how to refresh it.
 */
export interface UpstreamFlags {
  readonly component: UpstreamComponent;
  /** The release read: a tag, or a tag and the commit when the tag could not be read whole. */
  readonly release: string;
  /** Source files read, relative to their repository. */
  readonly sources: readonly string[];
  /** Every flag name the binary accepts (without dashes), deprecated ones included. */
  readonly flags: readonly string[];
  /** Flags the binary still accepts but marks deprecated, with upstream's reason or replacement. */
  readonly deprecated: Readonly<Record<string, string>>;
}
