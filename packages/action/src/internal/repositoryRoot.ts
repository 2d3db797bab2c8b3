import { git } from './git.js';

/**
 * The top of the git work tree holding the asset directory: GITHUB_WORKSPACE usually, a
 * subdirectory of it when actions/checkout was given a `path`. Falls back to `fallback` outside git.
 */
export async function repositoryRoot(assetDirectory: string, fallback: string): Promise<string> {
  try {
    return (await git(assetDirectory, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch {
    return fallback;
  }
}
