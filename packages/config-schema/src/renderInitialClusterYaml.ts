import { stringify } from 'yaml';
import { ClusterConfigSchema } from './ClusterConfigSchema.js';
import { DEPRECATED_KEYS } from './internal/deprecatedKeys.js';

/** The values `kube-aws init` asks for: the guide's six flags. */
export interface InitialClusterValues {
  readonly clusterName: string;
  readonly externalDNSName: string;
  readonly region: string;
  readonly availabilityZone: string;
  readonly keyName: string;
  readonly kmsKeyArn: string;
}

interface DocumentedSchema {
  description?: string;
  default?: unknown;
  examples?: unknown[];
  type?: string;
  properties?: Record<string, DocumentedSchema>;
}

const deprecated = new Set(DEPRECATED_KEYS.map(([flat]) => flat));

function wrap(text: string, width = 88): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The default (or, lacking one, the first example) of a schema; objects are built from their fields. */
function sampleOf(schema: DocumentedSchema): unknown {
  if (schema.type === 'object' && schema.properties !== undefined) {
    const entries = Object.entries(schema.properties)
      .map(([key, child]) => [key, sampleOf(child)] as const)
      .filter(([, value]) => value !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  const empty =
    typeof schema.default === 'object' &&
    schema.default !== null &&
    Object.keys(schema.default).length === 0;
  return empty
    ? (schema.examples?.[0] ?? schema.default)
    : (schema.default ?? schema.examples?.[0]);
}

function yamlOf(key: string, value: unknown): string {
  return stringify({ [key]: value }, { lineWidth: 0 }).trimEnd();
}

/**
 * Writes the commented cluster.yaml that `kube-aws init` creates: the given values, then
 * every optional key commented out with its default or an example, so the file teaches the user.
 */
export function renderInitialClusterYaml(
  values: InitialClusterValues,
  options: { schemaUrl: string },
): string {
  const out: string[] = [
    `# yaml-language-server: $schema=${options.schemaUrl}`,
    '#',
    '# kube-aws cluster configuration. Lines starting with # show optional keys and their',
    '# defaults; remove the # to change one. The reference of every key is docs/cluster-yaml.md.',
  ];
  const properties = ClusterConfigSchema.properties as unknown as Record<string, DocumentedSchema>;
  const given = values as unknown as Record<string, string>;
  for (const [key, schema] of Object.entries(properties)) {
    if (deprecated.has(key)) continue;
    out.push('');
    for (const line of wrap(schema.description ?? '')) out.push(`# ${line}`);
    const value = given[key];
    if (value !== undefined) {
      out.push(yamlOf(key, value));
      continue;
    }
    let sample = sampleOf(schema);
    if (key === 'subnets' && Array.isArray(sample)) {
      sample = sample.map((subnet: Record<string, unknown>) => ({
        ...subnet,
        availabilityZone: values.availabilityZone,
      }));
    }
    const text = sample === undefined ? `${key}:` : yamlOf(key, sample);
    for (const line of text.split('\n')) out.push(`#${line}`);
  }
  return out.join('\n') + '\n';
}
