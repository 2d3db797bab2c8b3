import type { ChangePlan } from '@kube-aws/aws-provisioner';
import { count } from './internal/markdownText.js';
import { joinSections, planMarkdownParts } from './internal/planMarkdownParts.js';
import { PLAN_COMMENT_MARKER } from './postPlanComment.js';

/** The most characters GitHub takes in a comment's body. */
export const COMMENT_LIMIT = 65_536;

export interface PlanCommentOptions {
  /** The first line, such as `### kube-aws plan: \`my-cluster\``. */
  readonly heading: string;
  /** The last line, such as which commit was planned. */
  readonly footer: string;
  /** formatRollPlan's lines for the plan: which nodes roll, in which order. Never cut. */
  readonly rollPlan?: readonly string[];
  /** The run's page, which holds the job summary with the whole plan. */
  readonly runUrl: string | undefined;
  /**
   * Characters the body may have.
   * @default COMMENT_LIMIT less the marker line postPlanComment puts first
   */
  readonly limit?: number;
}

/** How many of `lengths` fit in `room`, each taking its length and `separator` more. */
function fitting(lengths: readonly number[], separator: number, room: number): number {
  let used = 0;
  for (let index = 0; index < lengths.length; index++) {
    used += lengths[index]! + separator;
    if (used > room) return index;
  }
  return lengths.length;
}

/**
 * The plan as a pull-request comment: formatPlanMarkdown between a heading and a footer, but never
 * longer than GitHub takes. A plan too long is cut at a whole table row or detail block, and a
 * note says what is left out and points to the job summary, which has the whole plan. Lengths are
 * counted in UTF-16 units, never fewer than GitHub's characters.
 */
export function formatPlanComment(plan: ChangePlan, options: PlanCommentOptions): string {
  const limit = options.limit ?? COMMENT_LIMIT - PLAN_COMMENT_MARKER.length - 1;
  const parts = planMarkdownParts(plan, options.rollPlan);
  const where =
    options.runUrl === undefined
      ? "in this run's job summary"
      : `in the job summary of [this run](${options.runUrl})`;
  const note = (rowsLeft: number, blocksLeft: number) =>
    [
      '> [!NOTE]',
      `> The plan is longer than a comment can be: ${rowsLeft > 0 ? `${count(rowsLeft, 'more resource')} and the property details are` : `the property details of ${count(blocksLeft, 'resource')} are`} left out here. The whole plan is ${where}.`,
    ].join('\n');
  const table = (rows: number) =>
    rows === 0 ? [] : [[parts.tableHeader, ...parts.rows.slice(0, rows)].join('\n')];
  const comment = (rows: number, blocks: number, cut: string | undefined) =>
    joinSections([
      options.heading,
      parts.head,
      ...table(rows),
      ...(blocks === 0 ? [] : [parts.details.slice(0, blocks).join('\n\n')]),
      ...(cut === undefined ? [] : [cut]),
      options.footer,
    ]);
  const whole = comment(parts.rows.length, parts.details.length, undefined);
  if (whole.length <= limit) return whole;
  // The table first, row by row; then whole detail blocks; the widest note always fits after.
  const widest = note(parts.rows.length, parts.details.length);
  const bare = comment(0, 0, widest).length;
  const rows = fitting(
    parts.rows.map((row) => row.length),
    1,
    limit - bare - parts.tableHeader.length - 2,
  );
  const blocks =
    rows < parts.rows.length
      ? 0
      : fitting(
          parts.details.map((block) => block.length),
          2,
          limit - comment(rows, 0, widest).length,
        );
  return comment(rows, blocks, note(parts.rows.length - rows, parts.details.length - blocks));
}
