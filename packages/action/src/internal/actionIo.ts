import * as core from '@actions/core';
import type { AssetIo } from '@kube-aws/asset-directory';

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** The CLI's io for a runner: what the CLI prints goes to the log; what it warns of, as warnings. */
export function actionIo(cwd: string, env: Readonly<Record<string, string | undefined>>): AssetIo {
  return {
    stdout: (text) => lines(text).forEach((line) => core.info(line)),
    stderr: (text) => lines(text).forEach((line) => core.warning(line)),
    cwd,
    env,
    isTTY: false,
  };
}
