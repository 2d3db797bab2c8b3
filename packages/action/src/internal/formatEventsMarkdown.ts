import type { StackEventLine } from '@kube-aws/aws-provisioner';

/** Stack events as a Markdown table, oldest first, for the job summary of a failed run. */
export function formatEventsMarkdown(events: readonly StackEventLine[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    '| Time | Resource | Type | Status | Reason |',
    '| --- | --- | --- | --- | --- |',
    ...events.map(
      (event) =>
        `| ${event.time.toISOString()} | \`${cell(event.resource)}\` | ${cell(event.type)} | ${event.status} | ${cell(event.reason ?? '')} |`,
    ),
    '',
  ].join('\n');
}
