import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ActionError, beginRun, readEventContext } from '../src/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'kube-aws-begin-'));
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function event(payload: unknown): string {
  const path = join(scratch, `event-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

describe(beginRun, () => {
  it('prints the first line: mode, event, asset directory and runtime', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const begun = beginRun({
      GITHUB_WORKSPACE: '/work/space',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_PATH: event({ repository: { default_branch: 'main' } }),
      'INPUT_WORKING-DIRECTORY': 'cluster',
    });
    expect(begun).toMatchObject({
      mode: 'deploy',
      error: undefined,
      workspace: '/work/space',
      assetDirectory: '/work/space/cluster',
    });
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0]![0]).toMatch(
      /^kube-aws deploy \(push refs\/heads\/main\) in \/work\/space\/cluster on Node v\d+\.\d+\.\d+\n$/,
    );
  });

  it('keeps a refusal for later, and still prints the first line', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const begun = beginRun({
      GITHUB_WORKSPACE: '/w',
      GITHUB_EVENT_NAME: 'pull_request_target',
      INPUT_MODE: 'plan',
    });
    expect(begun.mode).toBeUndefined();
    expect(ActionError.is(begun.error) && begun.error.code).toBe('EVENT_REFUSED');
    expect(write.mock.calls[0]![0]).toMatch(/^kube-aws plan \(pull_request_target \) in \/w on /);
  });
});

describe(readEventContext, () => {
  it('reads the event as @actions/github does, with the run page for the job summary', () => {
    const context = readEventContext({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_SHA: 'abc',
      GITHUB_REPOSITORY: 'example/infrastructure',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_EVENT_PATH: event({ pull_request: { number: 7 } }),
    });
    expect(context).toEqual({
      eventName: 'pull_request',
      ref: 'refs/pull/7/merge',
      sha: 'abc',
      payload: { pull_request: { number: 7 } },
      repo: { owner: 'example', repo: 'infrastructure' },
      runUrl: 'https://github.com/example/infrastructure/actions/runs/42/attempts/2',
    });
  });

  it('takes the repository from the payload, and has no run page without a run', () => {
    const context = readEventContext({
      GITHUB_EVENT_PATH: event({ repository: { name: 'r', owner: { login: 'o' } } }),
    });
    expect(context.repo).toEqual({ owner: 'o', repo: 'r' });
    expect(context.runUrl).toBeUndefined();
    expect(readEventContext({ GITHUB_EVENT_PATH: join(scratch, 'missing.json') }).payload).toEqual(
      {},
    );
  });
});
