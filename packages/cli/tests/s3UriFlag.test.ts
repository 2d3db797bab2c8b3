import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';

// --s3-uri overrides cluster.yaml's s3URI, so it takes cluster.yaml's rule: the prefix reaches
// IAM policies through Fn::Sub, where ${AWS::AccountId} is substituted and * is a wildcard.
async function kubeAws(args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  const status = await main(args, {
    stdout: () => undefined,
    stderr: (text) => (stderr += text),
    cwd: '/nonexistent',
    // Refused before any AWS call: an endpoint that answers nothing would fail otherwise.
    env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
  });
  return { status, stderr };
}

describe('--s3-uri', () => {
  it.each([
    ['up', 's3://bucket/${AWS::AccountId}'],
    ['update', 's3://bucket/*'],
    ['diff', 's3://bucket/a//b'],
    ['diff', 's3://bucket/../x'],
    ['up', 's3://Bucket/x'],
  ])("%s refuses %s with cluster.yaml's rule, before reading anything", async (command, uri) => {
    const run = await kubeAws([command, `--s3-uri=${uri}`]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `kube-aws ${command}: --s3-uri=${uri}: must be an S3 URI such as s3://bucket/prefix, whose prefix has only letters, digits and . _ - between single slashes\n`,
    );
  });

  it('takes what cluster.yaml takes, and goes on to read cluster.yaml', async () => {
    const run = await kubeAws(['diff', '--s3-uri=s3://my-bucket/kube-aws/prod.1_a-b/']);
    expect(run.stderr).toContain('there is no cluster.yaml in /nonexistent');
  });
});
