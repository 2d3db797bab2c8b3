import type { StackDrift } from './detectStackDrift.js';
import { shortValue } from './shortValue.js';

const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/**
 * The drift as lines for a terminal (`kube-aws diff --drift`): one line of outcome, then each
 * drifted resource (`~ MODIFIED`, `- DELETED`, in red when `color`) and under it each property
 * with the value the template expects and the value AWS has.
 */
export function formatStackDrift(drift: StackDrift, color: boolean): string[] {
  const count = drift.resources.length;
  const lines = [
    drift.drifted
      ? `Stack ${drift.stackName} has drifted: ${count} ${count === 1 ? 'resource differs' : 'resources differ'} from the template.`
      : drift.status === 'IN_SYNC'
        ? `Stack ${drift.stackName} has not drifted: every resource CloudFormation can check matches the template.`
        : `The drift of stack ${drift.stackName} is ${drift.status}: CloudFormation could not check it.`,
  ];
  if (drift.incomplete !== undefined)
    lines.push(`Not every resource could be checked: ${drift.incomplete}`);
  for (const resource of drift.resources) {
    const sign = resource.status === 'DELETED' ? '-' : '~';
    const line = `  ${sign} ${resource.status.padEnd(9)} ${resource.logicalId} (${resource.type})${resource.physicalId === undefined ? '' : ` ${resource.physicalId}`}`;
    lines.push(color ? `${RED}${line}${RESET}` : line);
    for (const property of resource.properties)
      lines.push(
        `      ${property.path}: expected ${shortValue(property.expected)}, actual ${shortValue(property.actual)}`,
      );
  }
  return lines;
}
