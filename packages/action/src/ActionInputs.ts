/** What the action does: only show the plan, apply it, or report the stack's drift. */
export type ActionMode = 'plan' | 'deploy' | 'drift';

/** The values input `mode` takes; `auto` is resolved against the event (resolveMode). */
export const MODE_INPUTS = ['plan', 'deploy', 'drift', 'auto'] as const;

/** The action's inputs, as action.yml declares them, checked and typed. */
export interface ActionInputs {
  /** The asset directory, relative to the workspace. */
  readonly workingDirectory: string;
  /** `auto` is resolved against the event: plan on pull requests, deploy on the default branch. */
  readonly mode: ActionMode | 'auto';
  readonly commitAssets: boolean;
  readonly commitMessage: string;
  /** Empty: cluster.yaml's region. Otherwise it must be cluster.yaml's region. */
  readonly awsRegion: string;
  /** Empty: cluster.yaml's s3URI. */
  readonly s3Uri: string;
  /** Whether a plan that replaces resources (the controller, a worker group) may be executed. */
  readonly yesReplace: boolean;
  readonly githubToken: string;
}

/** The defaults, as action.yml has them (a test keeps the two equal). */
export const INPUT_DEFAULTS: Readonly<Record<string, string>> = {
  'working-directory': '.',
  mode: 'auto',
  'commit-assets': 'true',
  'commit-message': 'kube-aws: render and seal the cluster assets [skip ci]',
  'aws-region': '',
  's3-uri': '',
  'yes-replace': 'false',
  'github-token': '${{ github.token }}',
};
