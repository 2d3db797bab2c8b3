import type { ActionInputs, ActionMode } from './ActionInputs.js';

/** The parts of the GitHub context that decide the mode. */
export interface EventContext {
  readonly eventName: string;
  /** `refs/heads/main` for a push. */
  readonly ref: string;
  /** The webhook payload; only `repository.default_branch` is read. */
  readonly payload: { readonly repository?: { readonly [key: string]: unknown } };
}

/**
 * `auto`: deploy on a push to the default branch, plan on everything else (pull requests, other
 * branches, manual runs), so nothing is deployed that was not merged.
 */
export function resolveMode(mode: ActionInputs['mode'], context: EventContext): ActionMode {
  if (mode !== 'auto') return mode;
  const defaultBranch = context.payload.repository?.['default_branch'];
  return context.eventName === 'push' &&
    typeof defaultBranch === 'string' &&
    context.ref === `refs/heads/${defaultBranch}`
    ? 'deploy'
    : 'plan';
}
