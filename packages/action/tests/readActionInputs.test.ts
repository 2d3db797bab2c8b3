import { describe, expect, it } from 'vitest';
import { ActionError, INPUT_DEFAULTS, readActionInputs, resolveMode } from '../src/index.js';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readActionInputs', () => {
  it('takes action.yml defaults for empty inputs', () => {
    expect(readActionInputs(reader({ 'github-token': 't' }))).toEqual({
      workingDirectory: '.',
      mode: 'auto',
      commitAssets: true,
      commitMessage: INPUT_DEFAULTS['commit-message'],
      awsRegion: '',
      s3Uri: '',
      yesReplace: false,
      githubToken: 't',
    });
  });

  it('reads YAML-style booleans and trims', () => {
    const inputs = readActionInputs(
      reader({
        'commit-assets': ' no ',
        'yes-replace': 'True',
        mode: 'deploy',
        's3-uri': 's3://my-bucket/p',
      }),
    );
    expect(inputs).toMatchObject({
      commitAssets: false,
      yesReplace: true,
      mode: 'deploy',
      s3Uri: 's3://my-bucket/p',
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ mode: 'apply' }, 'input mode: "apply" is not plan, deploy, drift or auto'],
    [{ 'yes-replace': 'sure' }, 'input yes-replace: "sure" is not true or false'],
    ...[
      'https://bucket/x',
      's3://bucket/${AWS::AccountId}',
      's3://bucket/*',
      's3://bucket/a//b',
    ].map((uri): [Record<string, string>, string] => [
      { 's3-uri': uri },
      `input s3-uri: "${uri}" must be an S3 URI such as s3://bucket/prefix, whose prefix has only letters, digits and . _ - between single slashes`,
    ]),
  ])('refuses %j', (values, message) => {
    let error: unknown;
    try {
      readActionInputs(reader(values));
    } catch (caught) {
      error = caught;
    }
    expect(ActionError.is(error) && error.code).toBe('INPUT_INVALID');
    expect((error as Error).message).toBe(message);
  });
});

describe('resolveMode', () => {
  const repository = { default_branch: 'main' };
  it.each([
    ['push', 'refs/heads/main', 'deploy'],
    ['push', 'refs/heads/feature', 'plan'],
    ['pull_request', 'refs/pull/7/merge', 'plan'],
    ['workflow_dispatch', 'refs/heads/main', 'plan'],
  ] as const)('auto on %s to %s is %s', (eventName, ref, mode) => {
    expect(resolveMode('auto', { eventName, ref, payload: { repository } })).toBe(mode);
  });

  it('an explicit mode wins, and no default branch in the payload means plan', () => {
    expect(resolveMode('deploy', { eventName: 'push', ref: 'refs/heads/x', payload: {} })).toBe(
      'deploy',
    );
    expect(
      resolveMode('drift', { eventName: 'schedule', ref: 'refs/heads/main', payload: {} }),
    ).toBe('drift');
    expect(resolveMode('auto', { eventName: 'push', ref: 'refs/heads/main', payload: {} })).toBe(
      'plan',
    );
  });

  it.each(['pull_request', 'pull_request_review', 'pull_request_review_comment'])(
    'refuses mode deploy on %s, saying why, and plans there',
    (eventName) => {
      const context = { eventName, ref: 'refs/pull/7/merge', payload: { repository } };
      let error: unknown;
      try {
        resolveMode('deploy', context);
      } catch (caught) {
        error = caught;
      }
      expect(ActionError.is(error) && error.code).toBe('EVENT_REFUSED');
      expect((error as Error).message).toBe(
        `refusing mode deploy on a ${eventName} event: a pull request is not merged yet, and what it holds is deployed only once it is. Use mode auto (plan on pull requests, deploy on a push to the default branch), or plan`,
      );
      expect(resolveMode('auto', context)).toBe('plan');
      expect(resolveMode('drift', context)).toBe('drift');
    },
  );

  it.each(['plan', 'deploy', 'drift', 'auto'] as const)(
    'refuses pull_request_target outright, even in mode %s',
    (mode) => {
      expect(() =>
        resolveMode(mode, {
          eventName: 'pull_request_target',
          ref: 'refs/heads/main',
          payload: {},
        }),
      ).toThrow(
        /^refusing to run on pull_request_target: it gives a pull request's run the base repository's secrets, its OIDC role and a write token/,
      );
    },
  );
});
