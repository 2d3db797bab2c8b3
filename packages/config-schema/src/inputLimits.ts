/**
 * Bounds on a cluster.yaml that hold before any key is read, so that no file makes kube-aws hang
 * or run out of memory. A real cluster.yaml is a few kilobytes with a few hundred YAML nodes,
 * five collections deep and no alias used more than a handful of times; each limit is at least
 * ten times that. Why these numbers: docs/adr/0012-input-bounds.md.
 */
export const INPUT_LIMITS = {
  /** Bytes of the file, checked before it is decoded or parsed. */
  maxBytes: 1024 * 1024,
  /** Keys, values, lists and mappings written in the file, counted before it is parsed. */
  maxNodes: 10_000,
  /** Lists and mappings inside one another, as written and as aliases expand them. */
  maxDepth: 32,
  /** Nodes that aliases add when they are expanded (billion laughs). */
  maxAliasedNodes: 10_000,
  /** Problems of one kind (invalid UTF-8, unsafe characters) listed before the rest are left out. */
  maxProblemsPerKind: 20,
} as const;
