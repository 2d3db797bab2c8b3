import type { AssetProblem } from './AssetProblem.js';
import { buildStack } from './buildStack.js';
import type { BuildStackInput, BuiltStack } from './buildStack.js';
import { ASSET_FILES } from './nodeAssets.js';
import { RenderError } from './RenderError.js';
import { validateCloudConfig } from './internal/validateCloudConfig.js';
import { validateStackTemplate } from './internal/validateStackTemplate.js';
import { validateAddons } from './internal/validateAddons.js';

export interface AssetValidation {
  readonly problems: readonly AssetProblem[];
  /** The built stack, when the templates evaluated. */
  readonly built: BuiltStack | undefined;
}

/**
 * Validates the asset directory offline: the templates evaluate, each cloud-config is one
 * coreos-cloudinit accepts, the add-ons are Kubernetes objects, the stack's references resolve and
 * its sizes fit. Every problem names
 * its file and, where it has one, its line. (CloudFormation's own ValidateTemplate, which needs
 * AWS, is the provisioner's.)
 */
export async function validateAssets(input: BuildStackInput): Promise<AssetValidation> {
  let built: BuiltStack;
  try {
    built = await buildStack(input);
  } catch (error) {
    if (!RenderError.is(error)) throw error;
    return {
      problems: [
        {
          file: error.file ?? ASSET_FILES.stack,
          line: error.line,
          message: error.message.replace(/^[^:]+(:\d+)?: /, ''),
        },
      ],
      built: undefined,
    };
  }
  const problems: AssetProblem[] = [];
  const checked = new Set<string>();
  for (const node of built.userdata) {
    // Controllers differ only in index and IP, pools only in name: one report per template is enough.
    const found = validateCloudConfig(node.file, node.cloudConfig).filter(
      (problem) => !checked.has(`${problem.file}:${problem.line}:${problem.message}`),
    );
    for (const problem of found) checked.add(`${problem.file}:${problem.line}:${problem.message}`);
    problems.push(...found);
  }
  problems.push(...validateAddons(built.addons.file, built.addons.text, built.addons.bytes));
  if (built.etcdTools.bytes > 8192)
    problems.push({
      file: built.etcdTools.file,
      line: undefined,
      message: `is ${built.etcdTools.bytes} bytes gzipped and in base64, more than the 8,192 an SSM parameter holds`,
    });
  const controller = built.userdata.find((node) => node.node === 'controller0');
  problems.push(
    ...validateCloudConfig(built.etcdTools.file, built.etcdTools.text, controller?.cloudConfig),
  );
  problems.push(
    ...validateStackTemplate(
      built,
      input.templates[ASSET_FILES.stack] ?? '',
      input.config.s3URI !== undefined,
    ),
  );
  return { problems, built };
}
