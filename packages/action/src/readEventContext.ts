import { existsSync, readFileSync } from 'node:fs';
import type { EventContext } from './resolveMode.js';

/** What the action reads of the workflow run, as @actions/github's context holds it. */
export interface RunContext extends EventContext {
  readonly sha: string;
  readonly payload: EventContext['payload'] & {
    readonly pull_request?: { readonly number: number };
  };
  /** `owner/repo` of GITHUB_REPOSITORY (or the payload); undefined outside a repository. */
  readonly repo: { readonly owner: string; readonly repo: string } | undefined;
  /** The run's page, where the job summary is: the pointer of a shortened plan comment. */
  readonly runUrl: string | undefined;
}

/**
 * The run's event, from the variables and the event file the runner sets. Read without
 * @actions/github, so the first log line needs no HTTP client loaded.
 */
export function readEventContext(env: Readonly<Record<string, string | undefined>>): RunContext {
  const path = env.GITHUB_EVENT_PATH ?? '';
  const payload = (
    path !== '' && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}
  ) as RunContext['payload'] & {
    repository?: { name?: unknown; owner?: { login?: unknown } };
  };
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const fromPayload = payload.repository;
  const repository =
    owner !== undefined && owner !== '' && repo !== undefined
      ? { owner, repo }
      : typeof fromPayload?.owner?.login === 'string' && typeof fromPayload.name === 'string'
        ? { owner: fromPayload.owner.login, repo: fromPayload.name }
        : undefined;
  const runId = env.GITHUB_RUN_ID ?? '';
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    payload,
    repo: repository,
    runUrl:
      repository === undefined || runId === ''
        ? undefined
        : `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository.owner}/${repository.repo}/actions/runs/${runId}${env.GITHUB_RUN_ATTEMPT === undefined ? '' : `/attempts/${env.GITHUB_RUN_ATTEMPT}`}`,
  };
}
