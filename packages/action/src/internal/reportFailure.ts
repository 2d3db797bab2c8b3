import { relative, join, sep } from 'node:path';
import * as core from '@actions/core';
import { AssetError } from '@kube-aws/asset-directory';

/**
 * Fails the step with the error's message; a problem with a place in a file becomes an annotation
 * there (`::error file=cluster.yaml,line=12,col=3::…`), so a pull request shows it inline.
 */
export function reportFailure(error: unknown, workspace: string, assetDirectory: string): void {
  const message = error instanceof Error ? error.message : String(error);
  if (AssetError.is(error)) {
    for (const location of error.locations) {
      const file = relative(workspace, join(assetDirectory, location.file)).split(sep).join('/');
      core.error(location.message, {
        file,
        ...(location.line === undefined ? {} : { startLine: location.line }),
        ...(location.column === undefined ? {} : { startColumn: location.column }),
      });
    }
  }
  // setFailed is itself an error annotation (without a place).
  core.setFailed(`kube-aws: ${message}`);
  if (!(error instanceof Error) || !('code' in error)) {
    // Not one of kube-aws's own errors: a bug. The stack trace helps whoever reports it.
    core.debug(error instanceof Error ? (error.stack ?? message) : message);
  }
}
