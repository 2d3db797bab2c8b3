import { access } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { secretFileNames } from '@kube-aws/asset-directory';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { planCredentials } from '@kube-aws/pki';
import { ASSET_FILES } from '@kube-aws/renderer';
import { ActionError } from './ActionError.js';
import { findPlaintextSecrets } from './findPlaintextSecrets.js';
import { git } from './internal/git.js';

/** Who the asset commits are from: GitHub's own Actions bot. */
const BOT = [
  '-c',
  'user.name=github-actions[bot]',
  '-c',
  'user.email=41898282+github-actions[bot]@users.noreply.github.com',
];

export interface CommitAssetsOptions {
  /** The top of the git work tree (`git rev-parse --show-toplevel`). */
  readonly repositoryRoot: string;
  readonly assetDirectory: string;
  readonly config: ClusterConfig;
  readonly message: string;
  /** The branch to push to: `refs/heads/main`. */
  readonly ref: string;
}

export interface CommitAssetsResult {
  /** The commit made, or undefined when nothing had changed. */
  readonly commit: string | undefined;
  /** The files of the commit, relative to the repository root. */
  readonly files: readonly string[];
}

/**
 * The asset-directory files worth keeping in git: cluster.yaml, the templates, kubeconfig, the
 * recorded AMI and render state, the certificates (public), and each secret only KMS-sealed
 * (`.enc`) with its fingerprint (`.sha256`). Never a plaintext key.
 */
export function committedAssetFiles(config: ClusterConfig): string[] {
  const specs = planCredentials(config);
  return [
    'cluster.yaml',
    ...Object.values(ASSET_FILES),
    'kubeconfig',
    '.kube-aws/ami.json',
    '.kube-aws/render-state.json',
    ...specs.map((spec) => `credentials/${spec.certificateFile}`),
    ...secretFileNames(config).flatMap((name) => [
      `credentials/${name}.enc`,
      `credentials/${name}.sha256`,
    ]),
  ];
}

/**
 * Commits the rendered, sealed assets back to the branch and pushes them. Every staged file is
 * read back from the index and checked for PEM private-key markers and plaintext-secret names
 * first; one hit unstages everything and aborts. Nothing staged: no commit.
 * @throws {ActionError} `PLAINTEXT_SECRET` (nothing committed), `GIT_FAILED`, `INPUT_INVALID` (not a
 *   branch).
 */
export async function commitAssets(options: CommitAssetsOptions): Promise<CommitAssetsResult> {
  const root = options.repositoryRoot;
  if (!options.ref.startsWith('refs/heads/'))
    throw new ActionError(
      'INPUT_INVALID',
      `the assets are committed to the branch that was pushed, but ${options.ref} is not a branch; run deploy on a push, or set commit-assets: false`,
    );
  const inRepository = (file: string) =>
    relative(root, join(options.assetDirectory, file)).split(sep).join('/');
  const present: string[] = [];
  for (const file of committedAssetFiles(options.config)) {
    if (
      await access(join(options.assetDirectory, file)).then(
        () => true,
        () => false,
      )
    )
      present.push(inRepository(file));
  }
  // -f: credentials/.gitignore ignores the whole directory, so that a plain `git add .` by a
  // person never picks up a key; the sealed files are added by name.
  if (present.length === 0) return { commit: undefined, files: [] };
  await git(root, ['add', '-f', '--', ...present]);
  const staged = (await git(root, ['diff', '--cached', '--name-only', '-z', '--', ...present]))
    .toString('utf8')
    .split('\0')
    .filter((path) => path !== '');
  if (staged.length === 0) return { commit: undefined, files: [] };
  const contents = new Map<string, string>();
  for (const path of staged) {
    const blob = await git(root, ['cat-file', 'blob', `:${path}`]).catch(() => Buffer.alloc(0));
    contents.set(path, blob.toString('latin1'));
  }
  const secretPaths = new Set(
    secretFileNames(options.config).map((name) => inRepository(`credentials/${name}`)),
  );
  const leaks = findPlaintextSecrets(contents, secretPaths);
  if (leaks.length > 0) {
    await git(root, ['reset', '-q', '--', ...staged]);
    throw new ActionError(
      'PLAINTEXT_SECRET',
      `refusing to commit: ${leaks.join(', ')} would put a plaintext secret in git. Nothing was committed or deployed.`,
    );
  }
  // --only: exactly these files, whatever else an earlier step may have staged.
  await git(root, [...BOT, 'commit', '-q', '--only', '-m', options.message, '--', ...staged]);
  const commit = (await git(root, ['rev-parse', 'HEAD'])).toString('utf8').trim();
  await git(root, ['push', '-q', 'origin', `HEAD:${options.ref}`]);
  return { commit, files: staged };
}
