/** A copy of a JSON value with object keys in a fixed order, so equal input gives equal bytes. */
export function sortKeys(
  value: unknown,
  order: (keys: string[]) => string[] = (keys) => keys.sort(),
): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item, order));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    order(Object.keys(record)).map((key) => [key, sortKeys(record[key], order)]),
  );
}

const TOP_LEVEL = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Conditions',
  'Resources',
  'Outputs',
];

/** CloudFormation's conventional section order at the top, alphabetical everywhere else. */
export function sortTemplate(template: unknown): unknown {
  const sorted = sortKeys(template) as Record<string, unknown>;
  const keys = Object.keys(sorted).sort((a, b) => {
    const rank = (key: string) =>
      TOP_LEVEL.includes(key) ? TOP_LEVEL.indexOf(key) : TOP_LEVEL.length;
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  return Object.fromEntries(keys.map((key) => [key, sorted[key]]));
}
