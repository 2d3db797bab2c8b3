/**
 * A cloud-config as a node receives it: each line that is only a comment (`# …`, in the
 * cloud-config and in its scripts, units, manifests and configuration files alike) left empty. The
 * templates keep the comments for whoever reads and edits them; on the node they would take a
 * fifth of the 16,384 bytes EC2 allows for userdata, and the inline stack template holds every
 * node's userdata. Emptied rather than removed, so every line keeps its number and a problem
 * `validate` finds names the template's line. `#!`, `#cloud-config` and every line with anything
 * before its `#` stay.
 */
export function compactCloudConfig(text: string): string {
  return text.replace(/^[ \t]*#(?: [^\n]*)?$/gm, '');
}
