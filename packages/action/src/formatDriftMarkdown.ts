import { shortValue } from '@kube-aws/aws-provisioner';
import type { StackDrift } from '@kube-aws/aws-provisioner';
import { code, count, name } from './internal/markdownText.js';
import { joinSections } from './internal/planMarkdownParts.js';

/**
 * The drift as Markdown, for the job summary: a summary line, a table with one row per drifted
 * resource (deleted ones first) naming the properties that differ, and per modified resource a
 * collapsed table of each property with the value the template expects and the one AWS has.
 */
export function formatDriftMarkdown(drift: StackDrift): string {
  const when = drift.detectedAt === undefined ? '' : ` (checked ${drift.detectedAt.toISOString()})`;
  const summary = drift.drifted
    ? `**${name(drift.stackName)} has drifted: ${count(drift.resources.length, 'resource differs', 'resources differ')} from the template${when}.**`
    : drift.status === 'IN_SYNC'
      ? `**${name(drift.stackName)} has not drifted**: every resource CloudFormation can check matches the template${when}.`
      : `**The drift of ${name(drift.stackName)} is ${drift.status}**: CloudFormation could not check it${when}.`;
  const incomplete =
    drift.incomplete === undefined
      ? []
      : [`> [!WARNING]\n> Not every resource could be checked: ${code(drift.incomplete)}`];
  if (drift.resources.length === 0) return joinSections([summary, ...incomplete]);
  const resources = [...drift.resources].sort(
    (a, b) => Number(b.status === 'DELETED') - Number(a.status === 'DELETED'),
  );
  const table = [
    '| Drift | Resource | Type | Physical id | Properties |',
    '| --- | --- | --- | --- | --- |',
    ...resources.map(
      (resource) =>
        `| ${resource.status === 'DELETED' ? '**deleted**' : 'modified'} | ${name(resource.logicalId)} | ${name(resource.type)} | ${resource.physicalId === undefined ? '' : code(resource.physicalId)} | ${resource.properties.map((property) => code(property.path)).join(', ')} |`,
    ),
  ].join('\n');
  const details = resources
    .filter((resource) => resource.properties.length > 0)
    .map((resource) =>
      [
        '<details>',
        `<summary>${code(resource.logicalId)} ${code(resource.type)}: ${count(resource.properties.length, 'property', 'properties')}</summary>`,
        '',
        '| Property | Difference | The template | AWS now |',
        '| --- | --- | --- | --- |',
        ...resource.properties.map(
          (property) =>
            `| ${code(property.path)} | ${property.difference.toLowerCase().replace('_', ' ')} | ${code(shortValue(property.expected))} | ${code(shortValue(property.actual))} |`,
        ),
        '',
        '</details>',
      ].join('\n'),
    );
  const advice =
    'A deploy does not undo drift: CloudFormation changes only what the template changes. Undo the change in AWS, or make `cluster.yaml` (or the template) say the same and deploy.';
  return joinSections([summary, ...incomplete, table, ...details, advice]);
}
