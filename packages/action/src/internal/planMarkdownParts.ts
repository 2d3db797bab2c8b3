import { changeKind, countChanges, shortValue } from '@kube-aws/aws-provisioner';
import type { ChangePlan, PlannedChange, PlannedPropertyChange } from '@kube-aws/aws-provisioner';
import { code, count, name } from './markdownText.js';

/** The plan's Markdown in the parts a comment may shorten: the head stays, the rest in order. */
export interface PlanMarkdownParts {
  /** The summary line, the warning when something is replaced, and the roll plan. */
  readonly head: string;
  /** Table header and one row per resource, replacements first. Empty when nothing changes. */
  readonly tableHeader: string;
  readonly rows: readonly string[];
  /** One collapsed `<details>` per resource with property changes, in the rows' order. */
  readonly details: readonly string[];
}

/** Sections of Markdown, a blank line between each, ending in a newline. */
export function joinSections(sections: readonly string[]): string {
  return `${sections.join('\n\n')}\n`;
}

/** The order of the table: what makes nodes anew first. */
function rank(change: PlannedChange): number {
  if (change.action === 'Modify' && change.replacement === 'True') return 0;
  const kind = changeKind(change);
  return { replace: 1, modify: 2, add: 3, remove: 4 }[kind];
}

/** How many replaced resources the warning names; the table has them all. */
const WARNING_NAMES = 10;

const RECREATION_ORDER = ['Never', 'Conditionally', 'Always'];

/** One attribute of a resource, its entries merged (CloudFormation lists one per cause). */
interface PropertyRow {
  readonly label: string;
  readonly recreation: string | undefined;
  readonly causes: readonly string[];
  readonly before: string | undefined;
  readonly after: string | undefined;
}

function cause(detail: PlannedPropertyChange): string {
  const entity = detail.causingEntity === undefined ? '' : ` ${code(detail.causingEntity)}`;
  const words: Record<string, string> = {
    DirectModification: 'the template',
    ParameterReference: `parameter${entity}`,
    ResourceReference: `resource${entity}`,
    ResourceAttribute: `attribute${entity}`,
    Automatic: 'a nested stack',
  };
  const source = detail.changeSource ?? '';
  const text = words[source] ?? (source === '' ? 'unknown' : code(source));
  return detail.evaluation === 'Dynamic' ? `${text} (known at deploy)` : text;
}

function propertyRows(details: readonly PlannedPropertyChange[]): PropertyRow[] {
  const rows = new Map<string, PropertyRow>();
  for (const detail of details) {
    const label = detail.name === undefined ? detail.attribute : detail.name;
    const key = `${detail.attribute}/${label}`;
    const earlier = rows.get(key);
    const stronger = (a: string | undefined, b: string | undefined) =>
      RECREATION_ORDER.indexOf(a ?? '') >= RECREATION_ORDER.indexOf(b ?? '') ? a : b;
    rows.set(key, {
      label,
      recreation: stronger(earlier?.recreation, detail.requiresRecreation),
      causes: [...new Set([...(earlier?.causes ?? []), cause(detail)])],
      before: earlier?.before ?? detail.before,
      after: earlier?.after ?? detail.after,
    });
  }
  return [...rows.values()];
}

const RECREATION_WORDS: Record<string, string> = {
  Always: '**yes**',
  Conditionally: '**maybe**',
  Never: 'no',
};

function changeWord(change: PlannedChange): string {
  const kind = changeKind(change);
  if (kind !== 'replace') return kind;
  return change.replacement === 'Conditional' ? '**maybe replace**' : '**replace**';
}

function row(change: PlannedChange): string {
  const properties = propertyRows(change.details ?? []).map((property) => {
    const mark =
      property.recreation === 'Always'
        ? ' (replaces)'
        : property.recreation === 'Conditionally'
          ? ' (may replace)'
          : '';
    return `${name(property.label)}${mark}`;
  });
  return `| ${changeWord(change)} | ${name(change.logicalId)} | ${name(change.type)} | ${properties.join(', ')} |`;
}

function details(change: PlannedChange): string | undefined {
  const properties = propertyRows(change.details ?? []);
  if (properties.length === 0) return undefined;
  const replacing = properties.filter((property) => property.recreation === 'Always').length;
  const maybe = properties.filter((property) => property.recreation === 'Conditionally').length;
  const why = [
    ...(replacing > 0 ? [`${replacing} ${replacing === 1 ? 'replaces' : 'replace'} it`] : []),
    ...(maybe > 0 ? [`${maybe} may replace it`] : []),
  ];
  const word = changeWord(change).replace(/\*\*(.+)\*\*/, '<b>$1</b>');
  const value = (text: string | undefined) => (text === undefined ? '' : code(shortValue(text)));
  return [
    '<details>',
    `<summary>${word} ${code(change.logicalId)} ${code(change.type)}: ${count(properties.length, 'property', 'properties')}${why.length > 0 ? `, ${why.join(', ')}` : ''}</summary>`,
    '',
    ...(change.physicalId === undefined ? [] : [`Physical id: ${code(change.physicalId)}`, '']),
    '| Property | Replaces the resource | Changed by | Before | After |',
    '| --- | --- | --- | --- | --- |',
    ...properties.map(
      (property) =>
        `| ${name(property.label)} | ${RECREATION_WORDS[property.recreation ?? ''] ?? 'unknown'} | ${property.causes.join('; ')} | ${value(property.before)} | ${value(property.after)} |`,
    ),
    '',
    '</details>',
  ].join('\n');
}

/**
 * The plan's Markdown parts: a summary line; a warning naming every resource that will (or may)
 * be replaced; a table with one row per resource, replacements first, naming the properties that
 * change; and per resource a collapsed table of its properties, whether each replaces the
 * resource, what changes it, and the values before and after.
 */
/**
 * formatRollPlan's lines as Markdown: its first line in bold up to the colon, its steps a
 * numbered list. Nothing when there are none.
 */
function rollPlanMarkdown(rollPlan: readonly string[]): string[] {
  if (rollPlan.length === 0) return [];
  const [first, ...steps] = rollPlan;
  return [
    '',
    first!.replace(/^Roll plan:/, '**Roll plan**:'),
    ...(steps.length === 0 ? [] : ['', ...steps.map((step) => step.trimStart())]),
  ];
}

/**
 * `rollPlan` is what formatRollPlan says of the plan (which nodes restart, in which order), given
 * by the caller, who has the cluster's config.
 */
export function planMarkdownParts(
  plan: ChangePlan,
  rollPlan: readonly string[] = [],
): PlanMarkdownParts {
  if (plan.changes.length === 0)
    return {
      head: `No changes to ${name(plan.stackName)}.`,
      tableHeader: '',
      rows: [],
      details: [],
    };
  const counts = countChanges(plan);
  const changes = [...plan.changes].sort((a, b) => rank(a) - rank(b));
  const replaced = changes.filter((change) => changeKind(change) === 'replace');
  const summary = `**${plan.type === 'CREATE' ? 'Create' : 'Update'} ${name(plan.stackName)}: ${counts.add} to add, ${counts.modify} to modify, ${counts.replace} to replace, ${counts.remove} to remove.**`;
  const named = replaced
    .slice(0, WARNING_NAMES)
    .map(
      (change) =>
        `${name(change.logicalId)} (${change.type}${change.replacement === 'Conditional' ? ', maybe' : ''})`,
    );
  if (replaced.length > WARNING_NAMES) named.push(`and ${replaced.length - WARNING_NAMES} more`);
  const warning =
    replaced.length === 0
      ? []
      : [
          '',
          '> [!WARNING]',
          `> **${count(replaced.length, 'resource')} will be replaced**: CloudFormation makes ${replaced.length === 1 ? 'it' : 'them'} anew, and a replaced instance or worker group means new nodes: ${named.join(', ')}.`,
          '> A deploy stops before it changes anything unless the input `yes-replace` is true.',
        ];
  return {
    head: [summary, ...warning, ...rollPlanMarkdown(rollPlan)].join('\n'),
    tableHeader: '| Change | Resource | Type | Properties |\n| --- | --- | --- | --- |',
    rows: changes.map(row),
    details: changes.map(details).filter((block): block is string => block !== undefined),
  };
}
