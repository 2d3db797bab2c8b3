import { resolve } from 'node:path';
import type { ActionMode } from './ActionInputs.js';
import { INPUT_DEFAULTS } from './ActionInputs.js';
import { parseModeInput, resolveMode } from './resolveMode.js';
import { readEventContext } from './readEventContext.js';
import type { RunContext } from './readEventContext.js';
import { runtimeName } from './internal/runtimeName.js';

/** What the run knows before it loads the SDK, the renderer or the PKI. */
export interface Begun {
  readonly context: RunContext;
  readonly workspace: string;
  readonly assetDirectory: string;
  /** Undefined when the mode input is wrong or the event is refused; `error` says why. */
  readonly mode: ActionMode | undefined;
  readonly error: unknown;
}

type Env = Readonly<Record<string, string | undefined>>;

/** An input as @actions/core's getInput reads it (`INPUT_<NAME>`), or action.yml's default. */
function input(env: Env, name: string): string {
  const value = (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  return value === '' ? (INPUT_DEFAULTS[name] ?? '') : value;
}

/**
 * The first step of a run, and all of it that the entry point loads at once: read the event,
 * resolve the mode (refusing what the event may not run) and print the first log line. Only
 * Node's own modules are loaded by then. Never throws: a refusal is kept in `error`, reported as
 * any failure once the rest is loaded.
 */
export function beginRun(env: Env): Begun {
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const assetDirectory = resolve(workspace, input(env, 'working-directory'));
  let context: RunContext = {
    eventName: '',
    ref: '',
    sha: '',
    payload: {},
    repo: undefined,
    runUrl: undefined,
  };
  let mode: ActionMode | undefined;
  let error: unknown;
  try {
    context = readEventContext(env);
    mode = resolveMode(parseModeInput(input(env, 'mode')), context);
  } catch (caught) {
    error = caught;
  }
  // As @actions/core's info() writes it, without loading it.
  process.stdout.write(
    `kube-aws ${mode ?? input(env, 'mode')} (${context.eventName || 'no event'} ${context.ref}) in ${assetDirectory} on ${runtimeName()}\n`,
  );
  return { context, workspace, assetDirectory, mode, error };
}
