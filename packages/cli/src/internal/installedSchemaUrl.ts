/**
 * The file: URL of the JSON Schema in the @kube-aws/config-schema package this kube-aws runs with,
 * which the cluster.yaml that init writes names for editors (docs/adr/0019-installing-and-releasing.md).
 * A URL rather than a path: yaml-language-server reads the modeline's value up to the first
 * whitespace, and a URL's spaces are percent-encoded.
 */
export function installedSchemaUrl(): string {
  return import.meta.resolve('@kube-aws/config-schema/schema/cluster.schema.json');
}
