import type { AssetProblem } from '../AssetProblem.js';
import type { BuiltStack } from '../buildStack.js';
import { LIMITS } from '../limits.js';
import { ASSET_FILES } from '../nodeAssets.js';

const PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

function lineOf(source: string, needle: string): number | undefined {
  const index = source.indexOf(needle);
  return index < 0 ? undefined : source.slice(0, index).split('\n').length;
}

/** Every Ref, Fn::GetAtt, Fn::Sub and DependsOn target in a template, with the text to find it by. */
function references(
  value: unknown,
  found: { name: string; needle: string }[] = [],
): { name: string; needle: string }[] {
  if (Array.isArray(value)) {
    for (const item of value) references(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Ref' && typeof item === 'string')
        found.push({ name: item, needle: `"Ref": "${item}"` });
      else if (key === 'Fn::GetAtt') {
        const name = Array.isArray(item) ? String(item[0]) : String(item).split('.')[0]!;
        found.push({ name, needle: `"${name}"` });
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(item) ? String(item[0]) : String(item);
        for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g))
          found.push({ name: match[1]!.split('.')[0]!, needle: match[0] });
      } else if (key === 'DependsOn') {
        for (const name of [item].flat())
          found.push({ name: String(name), needle: `"${String(name)}"` });
      }
      references(item, found);
    }
  }
  return found;
}

/**
 * Checks the built stack: every Ref, Fn::GetAtt, Fn::Sub and DependsOn names something that exists,
 * and no CloudFormation or EC2 limit is exceeded. Lines point into stack-template.json as written.
 */
export function validateStackTemplate(
  built: BuiltStack,
  stackSource: string,
  viaS3: boolean,
): AssetProblem[] {
  const problems: AssetProblem[] = [];
  const file = ASSET_FILES.stack;
  const template = built.template as {
    Resources?: Record<string, unknown>;
    Parameters?: Record<string, unknown>;
  };
  const resources = Object.keys(template.Resources ?? {});
  const known = new Set([...resources, ...Object.keys(template.Parameters ?? {})]);
  const seen = new Set<string>();
  for (const { name, needle } of references(built.template)) {
    if (known.has(name) || PSEUDO.has(name) || seen.has(name)) continue;
    seen.add(name);
    problems.push({
      file,
      line: lineOf(stackSource, needle) ?? lineOf(stackSource, `"${name}"`),
      message: `${name} is referenced but is no resource or parameter of the template`,
    });
  }
  if (resources.length > LIMITS.resources)
    problems.push({
      file,
      line: 1,
      message: `${resources.length} resources, over CloudFormation's limit of ${LIMITS.resources}`,
    });
  const limit = viaS3 ? LIMITS.templateUrl : LIMITS.templateBody;
  if (built.templateBodyBytes > limit) {
    const advice = viaS3
      ? 'even through S3; use fewer node pools or controllers'
      : 'when sent inline; set s3URI in cluster.yaml so kube-aws uploads it to S3 and deploys it by TemplateURL';
    problems.push({
      file,
      line: 1,
      message: `the built template is ${built.templateBodyBytes} bytes, over CloudFormation's ${limit}-byte limit ${advice}`,
    });
  }
  for (const node of built.userdata) {
    if (node.bytes > LIMITS.userdata) {
      const fix = viaS3
        ? 'remove or shorten what the template adds'
        : 'set s3URI in cluster.yaml so nodes fetch their cloud-config from S3';
      problems.push({
        file: node.file,
        line: 1,
        message: `the userdata of ${node.node} is ${node.bytes} bytes gzipped, over EC2's ${LIMITS.userdata}-byte limit; ${fix}`,
      });
    }
  }
  return problems;
}
