import type { ChangePlan } from '@kube-aws/aws-provisioner';
import { joinSections, planMarkdownParts } from './internal/planMarkdownParts.js';

/**
 * The whole plan as Markdown, for the job summary: a summary line, a warning when resources are
 * replaced, a table with one row per resource (replacements first) and, per resource, a collapsed
 * table of the properties that change and whether each replaces it. `rollPlan` is formatRollPlan's
 * lines for the plan (the order in which nodes roll), shown under the summary.
 */
export function formatPlanMarkdown(plan: ChangePlan, rollPlan: readonly string[] = []): string {
  const parts = planMarkdownParts(plan, rollPlan);
  return joinSections([
    parts.head,
    ...(parts.rows.length === 0 ? [] : [[parts.tableHeader, ...parts.rows].join('\n')]),
    ...parts.details,
  ]);
}
