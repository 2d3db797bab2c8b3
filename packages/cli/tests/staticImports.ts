import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Every file that a built file imports statically, followed through relative imports (the bundle's
 * chunks), with the bare specifiers (node:*) it names.
 */
export function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  // The bundle is minified to one statement after another: `import{a}from"./bin/chunk-X.js";`.
  for (const match of source.matchAll(
    /(?:^|[;\n}])\s*import\s*(?:[\w$*{}\s,]*?from\s*)?["']([^"']+)["']/g,
  )) {
    const specifier = match[1]!;
    if (specifier.startsWith('.')) staticImports(resolve(dirname(file), specifier), seen);
    else seen.add(specifier);
  }
  return seen;
}

/** The text of the files `file` loads before it runs: itself and its static imports. */
export function staticGraphText(file: string): string {
  return [...staticImports(file)]
    .filter((path) => path.startsWith('/'))
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}
