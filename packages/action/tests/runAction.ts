import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The committed bundle action.yml names. */
export const BUNDLE = join(ROOT, 'dist', 'index.js');
export const DENO = join(ROOT, 'node_modules', '.bin', 'deno');

export type Runtime = 'node' | 'deno';

export interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

export interface ActionEvent {
  readonly name: 'push' | 'pull_request' | 'pull_request_target' | 'schedule';
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

interface CompositeStep {
  id?: string;
  env?: Record<string, string>;
  run?: string;
}

/**
 * How each runtime starts the action. Node: the committed bundle, as `runs.main` in action.yml.
 * Deno: the shell step of deno/action.yml, verbatim, with its `env:` filled in from the inputs as
 * the runner would, and the `deno` of the npm package first on PATH (setup-deno's job on GitHub).
 */
export function actionCommand(
  runtime: Runtime,
  inputs: Record<string, string>,
): { command: string; args: string[]; env: Record<string, string> } {
  if (runtime === 'node') return { command: process.execPath, args: [BUNDLE], env: {} };
  const composite = parse(readFileSync(join(ROOT, 'deno', 'action.yml'), 'utf8')) as {
    runs: { steps: CompositeStep[] };
  };
  const step = composite.runs.steps.find((each) => each.id === 'kube-aws')!;
  const env = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([name, value]) => [
      name,
      value.replace(/\$\{\{ inputs\.([a-z0-9-]+) \}\}/g, (_, input: string) => inputs[input] ?? ''),
    ]),
  );
  return {
    command: 'bash',
    args: ['-euo', 'pipefail', '-c', step.run!],
    env: {
      ...env,
      GITHUB_ACTION_PATH: join(ROOT, 'deno'),
      PATH: `${dirname(DENO)}${delimiter}${process.env.PATH ?? ''}`,
    },
  };
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
  /** Sees the output so far after each chunk, with the process (to signal it). */
  onOutput: (stdout: string, child: ChildProcess) => void = () => undefined,
): Promise<ActionRun> {
  const runDirectory = mkdtempSync(join(tmpdir(), 'kube-aws-action-run-'));
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
  const { command, args, env: runtimeEnv } = actionCommand(runtime, inputs);
  // Not spawnSync: the GitHub API stand-in answers from this very process.
  const child = spawn(command, args, {
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      ...extraEnv,
      ...runtimeEnv,
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
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    onOutput(stdout, child);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal === null ? null : -1)));
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
