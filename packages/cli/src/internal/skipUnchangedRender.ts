import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../CliIo.js';
import { BUILD_ID } from './buildId.js';
// Each from its own module, not the package's index: in the bundle, the index would bring every
// chunk that any command needs (the AWS SDK, the PKI, the schema) into this one's imports.
import { fingerprintAssetDirectory } from '@kube-aws/asset-directory/fingerprintAssetDirectory';
import { readAssetFile } from '@kube-aws/asset-directory/readAssetFile';
import {
  parseRenderFingerprint,
  RENDER_FINGERPRINT_FILE,
} from '@kube-aws/asset-directory/RenderFingerprint';

/** What every fingerprint covers, whatever templates the kube-aws that recorded it renders. */
const ALWAYS_COVERED = ['.kube-aws/', 'cluster.yaml', 'credentials/', 'kubeconfig'];

/**
 * `kube-aws render` (no flags but --asset-dir and --endpoint-url) of an asset directory that is
 * exactly as a render left it and recorded (recordRenderFingerprint), by the same kube-aws on the
 * same Node.js, before its first certificate expires: prints what that render printed and that
 * nothing changed, and returns true. It loads no schema, key or template code, and does no key or
 * certificate work. In any other case, or any doubt, it returns false and render runs in full,
 * which then says what is wrong.
 */
export async function skipUnchangedRender(
  args: readonly string[],
  io: CliIo,
  options: { readonly buildId?: string | undefined; readonly now?: Date } = {},
): Promise<boolean> {
  const build = 'buildId' in options ? options.buildId : BUILD_ID;
  if (build === undefined) return false;
  let assetDir: string | undefined;
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { 'asset-dir': { type: 'string' }, 'endpoint-url': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    assetDir = values['asset-dir'];
  } catch {
    return false;
  }
  const assetDirectory = resolve(io.cwd, assetDir ?? '.');
  try {
    const bytes = await readAssetFile(assetDirectory, RENDER_FINGERPRINT_FILE);
    const recorded = bytes === undefined ? undefined : parseRenderFingerprint(bytes);
    if (recorded === undefined || recorded.build !== build || recorded.node !== process.version)
      return false;
    if (!ALWAYS_COVERED.every((path) => recorded.paths.includes(path))) return false;
    const now = (options.now ?? new Date()).getTime();
    if (!(Date.parse(recorded.validFrom) <= now && now < Date.parse(recorded.validUntil)))
      return false;
    const snapshot = await fingerprintAssetDirectory(
      assetDirectory,
      recorded.paths,
      `${build} ${process.version}`,
    );
    if (snapshot === undefined || snapshot.digest !== recorded.digest) return false;
    if (recorded.stderr !== '') io.stderr(recorded.stderr);
    io.stdout(
      `Nothing changed since the last render: credentials/, kubeconfig and the templates are as it checked and left them (the first certificate expires ${recorded.validUntil}).\n`,
    );
    return true;
  } catch {
    return false;
  }
}
