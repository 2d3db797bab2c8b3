/** What a manifest document lacks of a Kubernetes object: apiVersion, kind, metadata.name. */
export function objectFieldsMissing(object: unknown): string[] {
  const value = (object ?? {}) as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown };
  };
  return [
    value.apiVersion ? '' : 'apiVersion',
    value.kind ? '' : 'kind',
    value.metadata?.name ? '' : 'metadata.name',
  ].filter((item) => item !== '');
}
