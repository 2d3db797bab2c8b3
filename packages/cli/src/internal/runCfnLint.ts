import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CfnLintFinding {
  readonly level: string;
  readonly rule: string;
  readonly message: string;
  /** Where in the template: `Resources/InstanceController0/Properties/ImageId`. */
  readonly path: string;
}

interface RawFinding {
  Level: string;
  Rule: { Id: string };
  Message: string;
  Location?: { Path?: (string | number)[] };
}

/** Runs cfn-lint on a template and returns its findings. */
export async function runCfnLint(command: string, template: unknown): Promise<CfnLintFinding[]> {
  const directory = await mkdtemp(join(tmpdir(), 'kube-aws-validate-'));
  try {
    const file = join(directory, 'stack-template.json');
    await writeFile(file, JSON.stringify(template, null, 2));
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(command, ['--format', 'json', file], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        stdout.trim().startsWith('[')
          ? resolve(stdout)
          : reject(new Error(`cfn-lint exited ${code}: ${stderr.trim()}`)),
      );
    });
    return (JSON.parse(output) as RawFinding[]).map((finding) => ({
      level: finding.Level,
      rule: finding.Rule.Id,
      message: finding.Message,
      path: (finding.Location?.Path ?? []).join('/'),
    }));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
