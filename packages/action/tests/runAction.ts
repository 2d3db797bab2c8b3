import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The committed bundle action.yml names. */
export const BUNDLE = join(ROOT, 'dist', 'index.js');
export const DENO = join(ROOT, 'node_modules', '.bin', 'deno');
export const DENO_CONFIG = join(ROOT, 'deno', 'deno.json');
export const DENO_ENTRY = join(ROOT, 'packages', 'action', 'src', 'main.ts');

export type Runtime = 'node' | 'deno';

export interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

export interface ActionEvent {
  readonly name: 'push' | 'pull_request';
  readonly ref: string;
  readonly sha: string;
  readonly payload: Record<string, unknown>;
}

/** Reads a GITHUB_OUTPUT file: `name<<delimiter`, the value's lines, `delimiter`. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[index]!);
    if (heredoc === null) continue;
    const value: string[] = [];
    while (lines[++index] !== heredoc[2]) value.push(lines[index]!);
    outputs[heredoc[1]!] = value.join('\n');
  }
  return outputs;
}

/** The argument list that starts the action on each runtime, as docs/gitops.md shows it. */
export function actionCommand(runtime: Runtime, workspace: string, runDirectory: string): string[] {
  if (runtime === 'node') return [process.execPath, BUNDLE];
  return [
    DENO,
    'run',
    `--config=${DENO_CONFIG}`,
    '--no-prompt',
    '--allow-env',
    '--allow-read',
    `--allow-write=${workspace},${runDirectory}`,
    '--allow-net=127.0.0.1',
    '--allow-sys',
    '--allow-run=git',
    DENO_ENTRY,
  ];
}

/**
 * Runs the action the way GitHub's runner does: a fresh process with INPUT_* variables, an event
 * file, and GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, in `workspace`. Nothing of the calling
 * environment's own GITHUB_* or INPUT_* variables leaks in.
 */
export async function runAction(
  runtime: Runtime,
  workspace: string,
  event: ActionEvent,
  inputs: Record<string, string>,
  extraEnv: Record<string, string>,
): Promise<ActionRun> {
  const runDirectory = mkdtempSync(join(tmpdir(), 'kube-aws-action-run-'));
  mkdirSync(runDirectory, { recursive: true });
  const eventPath = join(runDirectory, 'event.json');
  const outputPath = join(runDirectory, 'output');
  const summaryPath = join(runDirectory, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(name)) env[name] = value;
  }
  // As the runner: every input declared in action.yml is set, to its default when not given.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const [command, ...args] = actionCommand(runtime, workspace, runDirectory);
  // Not spawnSync: the GitHub API stand-in answers from this very process.
  const child = spawn(command!, args, {
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      ...extraEnv,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: event.ref,
      GITHUB_SHA: event.sha,
      GITHUB_REPOSITORY: 'example/infrastructure',
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      RUNNER_TEMP: runDirectory,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const run = {
    status,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
  };
  rmSync(runDirectory, { recursive: true, force: true });
  return run;
}
