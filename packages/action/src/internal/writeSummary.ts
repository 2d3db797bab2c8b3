import * as core from '@actions/core';
import { formatDriftMarkdown } from '../formatDriftMarkdown.js';
import { formatPlanMarkdown } from '../formatPlanMarkdown.js';
import { formatEventsMarkdown } from './formatEventsMarkdown.js';
import type { Outcome } from './RunState.js';

/** The job summary: the whole plan or drift, the commit, a failed deploy's events, the outputs. */
export async function writeSummary(outcome: Outcome): Promise<void> {
  if ((process.env.GITHUB_STEP_SUMMARY ?? '') === '') return;
  const name = outcome.config?.clusterName ?? 'cluster';
  // A blank line after each heading: Markdown right after an HTML line would be taken as HTML.
  const summary = core.summary.addHeading(`kube-aws ${outcome.mode}: ${name}`, 2).addEOL();
  if (outcome.plan !== undefined)
    summary.addRaw(formatPlanMarkdown(outcome.plan, outcome.rollPlan), true);
  if (outcome.drift !== undefined) summary.addRaw(formatDriftMarkdown(outcome.drift), true);
  if (outcome.commit !== undefined)
    summary.addRaw(`Committed the rendered, sealed assets as ${outcome.commit}.\n`, true);
  if (outcome.failed && outcome.events.length > 0) {
    summary
      .addHeading('Stack events', 3)
      .addEOL()
      .addRaw(formatEventsMarkdown(outcome.events), true);
  }
  const { 'stack-outputs': stackOutputs, ...outputs } = outcome.outputs;
  const rows = [
    ...Object.entries(outputs),
    ...Object.entries(JSON.parse(stackOutputs ?? '{}') as Record<string, string>).map(
      ([key, value]) => [`stack output ${key}`, value],
    ),
  ];
  if (rows.length > 0) {
    summary.addHeading('Outputs', 3).addTable([
      [
        { data: 'Output', header: true },
        { data: 'Value', header: true },
      ],
      ...rows,
    ]);
  }
  await summary.write();
}
