import { changeKind, countChanges } from '@kube-aws/aws-provisioner';
import type { ChangeKind, ChangePlan } from '@kube-aws/aws-provisioner';

const WORDS: Record<ChangeKind, string> = {
  add: 'add',
  modify: 'modify',
  remove: 'remove',
  replace: '**replace**',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The plan as Markdown for the job summary and the pull-request comment: a line of counts and a
 * table with one row per resource (add, modify, remove, **replace**).
 */
export function formatPlanMarkdown(plan: ChangePlan): string {
  if (plan.changes.length === 0) return `No changes to \`${plan.stackName}\`.\n`;
  const counts = countChanges(plan);
  const rows = plan.changes.map(
    (change) =>
      `| ${WORDS[changeKind(change)]} | \`${cell(change.logicalId)}\` | ${cell(change.type)} |${change.replacement === 'Conditional' ? ' may be replaced |' : ' |'}`,
  );
  return [
    `${plan.type === 'CREATE' ? 'Create' : 'Update'} \`${plan.stackName}\`: ${counts.add} to add, ${counts.modify} to modify, ${counts.replace} to replace, ${counts.remove} to remove.`,
    '',
    '| Change | Resource | Type | Note |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
