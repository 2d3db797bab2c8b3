/**
 * Text from a template or from AWS inside HTML (a `<summary>`, a table cell): escaped, on one line,
 * with `|` as an entity so a GitHub table does not split it. A pull request's author writes the
 * template, so nothing of it may become markup in the bot's comment.
 */
export function code(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/\s+/g, ' ');
  return `<code>${escaped}</code>`;
}

/** A name (logical id, type, property) as inline code in a table cell. */
export function name(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\s+/g, ' ')}\``;
}

/** `1 resource`, `2 resources`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
