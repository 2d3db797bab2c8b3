import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';

/**
 * Masks each plaintext secret in the log: the whole text, and each line of it on its own (the
 * runner matches a multi-line mask only whole). PEM armour lines are public and left alone.
 */
export function maskSecret(text: string): void {
  core.setSecret(text);
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.length >= 8 && !trimmed.startsWith('-----')) core.setSecret(trimmed);
  }
}

/** Masks the secrets of `names` that exist in `directory`. */
export async function maskSecretFiles(directory: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const text = await readFile(join(directory, name), 'utf8').catch(() => undefined);
    if (text !== undefined) maskSecret(text);
  }
}
