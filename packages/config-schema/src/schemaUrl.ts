/**
 * The schema's `$id`: where npm's unpkg mirror serves it once the package is published. An
 * identifier, never fetched: the schema has no `$ref` to resolve against it.
 */
export const SCHEMA_ID = 'https://unpkg.com/@kube-aws/config-schema/schema/cluster.schema.json';

/**
 * The schema's URL on unpkg pinned to one package version, for a cluster.yaml shared between
 * machines (`kube-aws init --schema-url`); it resolves only once that version is on npm.
 */
export function schemaUrlFor(version: string): string {
  return `https://unpkg.com/@kube-aws/config-schema@${version}/schema/cluster.schema.json`;
}
