import { isS3Uri, S3_URI_EXPECTATION } from '@kube-aws/config-schema';
import { ActionError } from './ActionError.js';
import type { ActionInputs } from './ActionInputs.js';
import { INPUT_DEFAULTS } from './ActionInputs.js';
import { parseModeInput } from './resolveMode.js';

/** Reads one input by name, as `@actions/core`'s getInput does (`INPUT_<NAME>` in the environment). */
export type InputReader = (name: string) => string;

function boolean(name: string, value: string): boolean {
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new ActionError('INPUT_INVALID', `input ${name}: "${value}" is not true or false`);
}

/**
 * The action's inputs; an empty input takes action.yml's default, so the action behaves the same
 * when run outside a runner (tests, Deno).
 * @throws {ActionError} `INPUT_INVALID` naming the input.
 */
export function readActionInputs(read: InputReader): ActionInputs {
  const get = (name: string) => {
    const value = read(name).trim();
    return value === '' ? (INPUT_DEFAULTS[name] ?? '') : value;
  };
  const mode = parseModeInput(get('mode'));
  const s3Uri = read('s3-uri').trim();
  // cluster.yaml's rule for s3URI: the prefix reaches IAM policies, where * and ${…} widen them.
  if (s3Uri !== '' && !isS3Uri(s3Uri))
    throw new ActionError(
      'INPUT_INVALID',
      `input s3-uri: "${s3Uri}" must be ${S3_URI_EXPECTATION}`,
    );
  return {
    workingDirectory: get('working-directory'),
    mode,
    commitAssets: boolean('commit-assets', get('commit-assets')),
    commitMessage: get('commit-message'),
    awsRegion: read('aws-region').trim(),
    s3Uri,
    yesReplace: boolean('yes-replace', get('yes-replace')),
    githubToken: read('github-token').trim(),
  };
}
