import { ClusterConfigSchema } from '../ClusterConfigSchema.js';
import { INPUT_LIMITS } from '../inputLimits.js';

interface Node {
  type?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  anyOf?: { const?: unknown }[];
  pattern?: string;
  'x-expect'?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  patternProperties?: Record<string, Node>;
}

/** Checked by resolveClusterConfig after the schema; each has an error fixture in tests/fixtures/_error_. */
const CROSS_KEY_RULES = [
  'CIDR blocks are valid network blocks (no host bits set); subnets lie inside vpcCIDR and do not overlap.',
  'podCIDR and serviceCIDR overlap neither the VPC nor each other; podCIDR is /23 or larger, serviceCIDR from /12 to /28.',
  'controllerIP lies inside the first controller subnet, public unless controller.loadBalancer is on; controller i takes its place in the i-th controller subnet (round robin, the next address each further round), and no controller address runs past its subnet or is one AWS reserves (network, .1, .2, .3, broadcast).',
  'More than one controller needs controller.loadBalancer, and the load balancer a public subnet in every controller zone; controller.subnets name existing subnets, the first holding controllerIP.',
  'etcd.backup needs an S3 location: etcd.backup.s3URI, or s3URI.',
  'dnsServiceIP lies inside serviceCIDR and is not the kubernetes Service IP (the first address).',
  'availabilityZone, and each subnet zone, belongs to region.',
  'kmsKeyArn is a KMS key ARN (not an alias) in region and its partition.',
  'externalDNSName is a DNS hostname, not an IP address.',
  'tlsCertDurationDays is at most tlsCADurationDays.',
  'io1 and io2 root volumes need iops; gp2 and standard take none; gp3 takes 3000 to 16000.',
  'createRecordSet needs hostedZoneId; routeTableId needs vpcId.',
  'subnets[] replaces availabilityZone and instanceCIDR; at least one subnet is public.',
  'Node pool and subnet names are unique; node pools name existing subnets.',
  'A deprecated flat key and its nested replacement are not both set.',
  'stackTags keys do not start with `aws:` or `kube-aws:`, have at most 128 characters, and take only ASCII letters, digits, spaces and `_ . : / = + - @`; values take letters, digits, spaces and the same signs (so no `$(…)`, backticks, `{{ }}` or `${AWS::…}`).',
  'The node pools and the controllers come to at most 5000 nodes, the most Kubernetes supports.',
];

/** Checked by parseClusterConfig before any key is read. */
const FILE_RULES = [
  `The file has at most ${INPUT_LIMITS.maxBytes / (1024 * 1024)} MiB (${INPUT_LIMITS.maxBytes} bytes), checked before it is decoded or parsed.`,
  'It is UTF-8; each invalid byte is reported at its line and column.',
  'It holds no control characters other than tab and line ends, no invisible or reordering (bidi) characters, no U+2028 or U+2029, and no U+FFFD, whether written or escaped.',
  `It has at most ${INPUT_LIMITS.maxNodes} YAML nodes (keys, values, lists and mappings), counted before it is parsed.`,
  `Lists and mappings nest at most ${INPUT_LIMITS.maxDepth} deep, as written and as aliases expand them.`,
  `Aliases repeat at most ${INPUT_LIMITS.maxAliasedNodes} nodes in all, and never the value they are inside.`,
  'It is one YAML 1.2 document; tags other than those of the core schema (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`), such as `!!js/function`, `!!python/object`, `!!binary` or `!foo`, are refused.',
  'No mapping has the same key twice; `__proto__`, `constructor` and `prototype` are unknown keys like any other, and are not taken as stack tag keys.',
];

function typeOf(node: Node): string {
  if (node.anyOf !== undefined)
    return node.anyOf.map((option) => `\`${String(option.const)}\``).join(' \\| ');
  if (node.type === 'array')
    return `list of ${node.items === undefined ? 'values' : typeOf(node.items)}`;
  if (node.type === 'object' && node.patternProperties !== undefined)
    return 'mapping of string to string';
  if (node.type === 'integer') return 'whole number';
  return node.type ?? 'any';
}

function rulesOf(node: Node): string {
  const rules: string[] = [];
  if (node['x-expect'] !== undefined) rules.push(node['x-expect']);
  if (node.minimum !== undefined) rules.push(`≥ ${node.minimum}`);
  if (node.maximum !== undefined) rules.push(`≤ ${node.maximum}`);
  if (node.minLength !== undefined) rules.push(`at least ${node.minLength} characters`);
  if (node.maxLength !== undefined) rules.push(`at most ${node.maxLength} characters`);
  if (node.minItems !== undefined)
    rules.push(`at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`);
  if (node.maxItems !== undefined) rules.push(`at most ${node.maxItems} items`);
  if (node.maxProperties !== undefined) rules.push(`at most ${node.maxProperties} keys`);
  return rules.join('; ');
}

function cell(value: unknown): string {
  if (value === undefined) return '';
  return `\`${JSON.stringify(value)}\``.replace(/\|/g, '\\|');
}

function rows(node: Node, prefix: string, out: string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${key}`;
    const required = node.required?.includes(key) ? 'yes' : '';
    const description = (child.description ?? '').replace(/\|/g, '\\|');
    out.push(
      `| \`${path}\` | ${typeOf(child)} | ${required} | ${cell(child.default)} | ${rulesOf(child)} | ${description} |`,
    );
    if (child.type === 'object' && child.properties !== undefined) rows(child, `${path}.`, out);
    if (child.type === 'array' && child.items?.type === 'object')
      rows(child.items, `${path}[].`, out);
  }
}

/** The cluster.yaml reference in Markdown, generated from the schema: what docs/cluster-yaml.md must hold. */
export function renderReferenceMarkdown(): string {
  const out = [
    '# cluster.yaml reference',
    '',
    '<!-- Generated from packages/config-schema by `npm run generate`. Do not edit by hand. -->',
    '',
    `${ClusterConfigSchema.description} Every key, its type, whether it is required, its default`,
    "and its rules. Keys marked deprecated are the original guide's flat keys: they still work and",
    'print a warning that names their replacement.',
    '',
    'Editors that use yaml-language-server check and complete cluster.yaml from the JSON Schema',
    'named in the first line that `kube-aws init` writes.',
    '',
    '| key | type | required | default | must be | description |',
    '|---|---|---|---|---|---|',
  ];
  rows(ClusterConfigSchema as unknown as Node, '', out);
  out.push('', '## Rules across keys', '', ...CROSS_KEY_RULES.map((rule) => `- ${rule}`));
  out.push('', '## Rules of the file', '', ...FILE_RULES.map((rule) => `- ${rule}`));
  return out.join('\n') + '\n';
}
