import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMMENT_LIMIT,
  formatPlanComment,
  formatPlanMarkdown,
  PLAN_COMMENT_MARKER,
} from '../src/index.js';
import { FIXTURES, fixturePlan, fixtureRollPlan, largePlan, PLAN_CASES } from './planFixtures.js';

const options = {
  heading: '### kube-aws plan: `my-cluster`',
  footer: 'From 0123456789ab; nothing was changed. Merging deploys it.',
  runUrl: 'https://github.com/example/infrastructure/actions/runs/42/attempts/1',
};

describe(formatPlanComment, () => {
  it.each(PLAN_CASES)('renders %s as its golden file', async (name) => {
    await expect(
      formatPlanComment(fixturePlan(name), { ...options, rollPlan: fixtureRollPlan(name) }),
    ).toMatchFileSnapshot(join(FIXTURES, name, 'comment.md'));
  });

  it('is the job summary between the heading and the footer when it fits', () => {
    const plan = fixturePlan('update-replacing-the-controller');
    expect(formatPlanComment(plan, options)).toBe(
      `${options.heading}\n\n${formatPlanMarkdown(plan)}\n${options.footer}\n`,
    );
  });

  it('cuts a plan too long at whole rows, says what is left out, and points to the job summary', async () => {
    const text = formatPlanComment(largePlan(30, 3), { ...options, limit: 4000 });
    await expect(text).toMatchFileSnapshot(join(FIXTURES, 'truncated', 'comment.md'));
    expect(text.length).toBeLessThanOrEqual(4000);
    const rolled = formatPlanComment(largePlan(30, 3), {
      ...options,
      limit: 4000,
      rollPlan: [
        'Roll plan: the control plane first, one controller at a time, then each pool in turn:',
        '  1. pool p',
      ],
    });
    expect(rolled.length).toBeLessThanOrEqual(4000);
    expect(rolled).toContain('**Roll plan**: the control plane first');
    expect(
      text.startsWith(
        `${options.heading}\n\n**Update \`big\`: 0 to add, 24 to modify, 6 to replace`,
      ),
    ).toBe(true);
    expect(text.endsWith(`\n\n${options.footer}\n`)).toBe(true);
    expect(text).not.toContain('<details>');
    const rows = text.split('\n').filter((line) => /^\| (modify|\*\*replace\*\*) \|/.test(line));
    // Replacements first, the rest in plan order, cut where the room ends.
    expect(rows[0]).toMatch(/^\| \*\*replace\*\* \| `AutoScaleWorkerPool000` \|/);
    expect(rows.length).toBeGreaterThan(6);
    expect(rows.length).toBeLessThan(30);
    expect(text).toContain(
      `> The plan is longer than a comment can be: ${30 - rows.length} more resources and the property details are left out here. The whole plan is in the job summary of [this run](${options.runUrl}).`,
    );
  });

  it('keeps the whole table and drops whole detail blocks when only those do not fit', () => {
    const plan = largePlan(6, 2);
    const whole = formatPlanComment(plan, options);
    const limit = whole.length - 10;
    const text = formatPlanComment(plan, { ...options, limit });
    expect(text.length).toBeLessThanOrEqual(limit);
    expect(text.split('\n').filter((line) => line.startsWith('| `AutoScaleWorkerPool'))).toEqual(
      [],
    );
    expect(
      text.split('\n').filter((line) => /^\| (modify|\*\*replace\*\*) \|/.test(line)),
    ).toHaveLength(6);
    expect(text.split('<details>').length - 1).toBe(5);
    expect(text.split('</details>').length - 1).toBe(5);
    expect(text).toContain(
      'The plan is longer than a comment can be: the property details of 1 resource are left out here.',
    );
  });

  it("stays under GitHub's 65,536 characters, the marker included, for a plan of any size", () => {
    const text = formatPlanComment(largePlan(400, 12), options);
    expect(`${PLAN_COMMENT_MARKER}\n${text}`.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(text.length).toBeGreaterThan(COMMENT_LIMIT - 2000);
    expect(text).toMatch(/\d+ more resources and the property details are left out here/);
    // The warning still names the replacements, ten of them and how many more.
    expect(text).toContain('**80 resources will be replaced**');
    expect(text).toContain('and 70 more.');
  });

  it('says where the job summary is without a run URL', () => {
    const text = formatPlanComment(largePlan(12, 3), {
      ...options,
      runUrl: undefined,
      limit: 3000,
    });
    expect(text).toContain("The whole plan is in this run's job summary.");
  });
});
