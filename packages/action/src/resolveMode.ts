import { ActionError } from './ActionError.js';
import type { ActionInputs, ActionMode } from './ActionInputs.js';
import { MODE_INPUTS } from './ActionInputs.js';

/** The parts of the GitHub context that decide the mode. */
export interface EventContext {
  readonly eventName: string;
  /** `refs/heads/main` for a push. */
  readonly ref: string;
  /** The webhook payload; only `repository.default_branch` is read. */
  readonly payload: { readonly repository?: { readonly [key: string]: unknown } };
}

/**
 * Events that run a pull request's code before it is merged. Their runs plan; they never deploy.
 * (pull_request_target is refused outright, see resolveMode.)
 */
export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set([
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
]);

/**
 * The `mode` input checked: plan, deploy, drift or auto.
 * @throws {ActionError} `INPUT_INVALID`.
 */
export function parseModeInput(value: string): ActionInputs['mode'] {
  const mode = MODE_INPUTS.find((each) => each === value);
  if (mode === undefined)
    throw new ActionError(
      'INPUT_INVALID',
      `input mode: "${value}" is not ${MODE_INPUTS.slice(0, -1).join(', ')} or ${MODE_INPUTS.at(-1)}`,
    );
  return mode;
}

/**
 * `auto`: deploy on a push to the default branch, plan on everything else (pull requests, other
 * branches, manual runs), so nothing is deployed that was not merged. An explicit mode is taken as
 * it is, except that a pull request never deploys, and pull_request_target never runs.
 * @throws {ActionError} `EVENT_REFUSED`, saying why.
 */
export function resolveMode(mode: ActionInputs['mode'], context: EventContext): ActionMode {
  if (context.eventName === 'pull_request_target')
    throw new ActionError(
      'EVENT_REFUSED',
      "refusing to run on pull_request_target: it gives a pull request's run the base repository's secrets, its OIDC role and a write token, while kube-aws renders the templates the checkout holds with that role (and a deploy opens the sealed keys with KMS); a pull request from a fork could use them. Run plans on pull_request (forks get no credentials) and deploy on push",
    );
  if (mode === 'deploy' && PULL_REQUEST_EVENTS.has(context.eventName))
    throw new ActionError(
      'EVENT_REFUSED',
      `refusing mode deploy on a ${context.eventName} event: a pull request is not merged yet, and what it holds is deployed only once it is. Use mode auto (plan on pull requests, deploy on a push to the default branch), or plan`,
    );
  if (mode !== 'auto') return mode;
  const defaultBranch = context.payload.repository?.['default_branch'];
  return context.eventName === 'push' &&
    typeof defaultBranch === 'string' &&
    context.ref === `refs/heads/${defaultBranch}`
    ? 'deploy'
    : 'plan';
}
