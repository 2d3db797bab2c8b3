import { readFileSync } from 'node:fs';

/** The version field of a package.json found at a URL. */
export function readPackageVersion(url: URL): string {
  const parsed = JSON.parse(readFileSync(url, 'utf8')) as { version?: string };
  return parsed.version ?? '0.0.0';
}
