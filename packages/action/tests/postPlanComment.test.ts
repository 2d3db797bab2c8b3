import { getOctokit } from '@actions/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_COMMENT_MARKER, postPlanComment } from '../src/index.js';
import { startGitHubStandIn } from './githubStandIn.js';
import type { GitHubStandIn } from './githubStandIn.js';

let github: GitHubStandIn;

beforeAll(async () => {
  github = await startGitHubStandIn();
});
afterAll(() => github.stop());

describe('postPlanComment', () => {
  it('creates one comment, then updates that same comment on the next plan', async () => {
    const octokit = getOctokit('t', { baseUrl: github.url });
    const pullRequest = { owner: 'o', repo: 'r', number: 3 };
    expect(await postPlanComment(octokit, pullRequest, 'first plan')).toBe('created');
    expect(await postPlanComment(octokit, pullRequest, 'second plan')).toBe('updated');
    const writes = github.requests.filter((request) => request.method !== 'GET');
    expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /repos/o/r/issues/3/comments',
      'PATCH /repos/o/r/issues/comments/1',
    ]);
    expect(writes[1]!.body).toEqual({ body: `${PLAN_COMMENT_MARKER}\nsecond plan` });
  });

  it("leaves a person's comment alone even when it quotes the marker", async () => {
    const octokit = getOctokit('t', { baseUrl: github.url });
    await octokit.rest.issues.createComment({
      owner: 'o',
      repo: 'r',
      issue_number: 4,
      body: `> ${PLAN_COMMENT_MARKER}\nLooks good`,
    });
    expect(await postPlanComment(octokit, { owner: 'o', repo: 'r', number: 4 }, 'plan')).toBe(
      'created',
    );
  });
});
