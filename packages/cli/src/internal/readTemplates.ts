import { ASSET_FILES } from '@kube-aws/renderer';
import { CliError } from '../CliError.js';
import { readAssetFile } from './readAssetFile.js';

/** The rendered templates of the asset directory, as the user may have edited them. */
export async function readTemplates(assetDirectory: string): Promise<Record<string, string>> {
  const templates: Record<string, string> = {};
  for (const file of Object.values(ASSET_FILES)) {
    const text = (await readAssetFile(assetDirectory, file))?.toString('utf8');
    if (text === undefined)
      throw new CliError('FILE_NOT_FOUND', `${file} is missing; run kube-aws render first`);
    templates[file] = text;
  }
  return templates;
}
