import type { CheckRow } from './CheckRow.js';
import type { KubeNode } from './KubeNode.js';
import { listNames } from './listNames.js';

const CHECK = 'nodes Ready';

/** Every node cluster.yaml asks for has registered and is Ready, and no registered node is not. */
export function checkNodesReady(nodes: readonly KubeNode[], expected: number): CheckRow {
  const notReady = nodes.filter(
    (node) =>
      node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status !== 'True',
  );
  const ready = nodes.length - notReady.length;
  const count = `${ready} of ${expected} expected node${expected === 1 ? '' : 's'} Ready`;
  if (ready >= expected && notReady.length === 0)
    return { check: CHECK, state: 'OK', detail: count };
  const names = notReady.map((node) => node.metadata.name);
  const missing = expected - nodes.length;
  const parts = [
    count,
    ...(names.length === 0 ? [] : [`not Ready: ${listNames(names)}`]),
    ...(missing > 0 ? [`${missing} not registered yet`] : []),
  ];
  return { check: CHECK, state: 'FAIL', detail: parts.join('; ') };
}
