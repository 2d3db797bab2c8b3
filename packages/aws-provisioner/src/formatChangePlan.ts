import type { ChangePlan, PlannedChange } from './planDeployment.js';

/** What a change does to its resource, in the words kube-aws uses everywhere. */
export type ChangeKind = 'add' | 'modify' | 'remove' | 'replace';

/** How many changes of each kind a plan holds. */
export function countChanges(plan: ChangePlan): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = { add: 0, modify: 0, remove: 0, replace: 0 };
  for (const change of plan.changes) counts[changeKind(change)]++;
  return counts;
}

/** `replace` when CloudFormation will (or may: `Conditional`) make the resource anew. */
export function changeKind(change: PlannedChange): ChangeKind {
  if (change.action === 'Add') return 'add';
  if (change.action === 'Remove') return 'remove';
  return change.replacement === 'True' || change.replacement === 'Conditional'
    ? 'replace'
    : 'modify';
}

const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/**
 * The plan as lines: `+ add`, `~ modify`, `- remove`, and `! REPLACE` (in red when `color`) for
 * resources CloudFormation will replace, such as the controller or a worker group.
 */
export function formatChangePlan(plan: ChangePlan, color: boolean): string[] {
  if (plan.changes.length === 0) return [`No changes to ${plan.stackName}.`];
  const signs: Record<ChangeKind, string> = { add: '+', modify: '~', remove: '-', replace: '!' };
  const lines = plan.changes.map((change) => {
    const replaced = changeKind(change) === 'replace';
    const sign = signs[changeKind(change)];
    const word = replaced
      ? `REPLACE${change.replacement === 'Conditional' ? ' (maybe)' : ''}`
      : change.action.toLowerCase();
    const line = `  ${sign} ${word.padEnd(15)} ${change.logicalId} (${change.type})`;
    return replaced && color ? `${RED}${line}${RESET}` : line;
  });
  const counts = countChanges(plan);
  const summary = `${plan.type === 'CREATE' ? 'Create' : 'Update'} ${plan.stackName}: ${counts.add} to add, ${counts.modify + counts.replace} to modify (${counts.replace} replaced), ${counts.remove} to remove.`;
  return [summary, ...lines];
}

/** True when the plan replaces a resource: the controller or a worker group means new nodes. */
export function hasReplacements(plan: ChangePlan): boolean {
  return countChanges(plan).replace > 0;
}
