import type { getOctokit } from '@actions/github';

/** Marks the one comment the action keeps per pull request, so a new plan updates it. */
export const PLAN_COMMENT_MARKER = '<!-- kube-aws-plan -->';

export type Octokit = ReturnType<typeof getOctokit>;

export interface PullRequest {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

/**
 * Posts the plan on the pull request, or updates the comment an earlier run posted (found by its
 * marker), so a pull request carries one plan comment however often it is pushed to.
 * @returns whether a comment was created or updated.
 */
export async function postPlanComment(
  octokit: Octokit,
  pullRequest: PullRequest,
  body: string,
): Promise<'created' | 'updated'> {
  const { owner, repo, number } = pullRequest;
  const text = `${PLAN_COMMENT_MARKER}\n${body}`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  });
  // The action's own comments start with the marker; a person quoting one does not.
  const earlier = comments.find((comment) => comment.body?.startsWith(PLAN_COMMENT_MARKER));
  if (earlier !== undefined) {
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: earlier.id, body: text });
    return 'updated';
  }
  await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: text });
  return 'created';
}
