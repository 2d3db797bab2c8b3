import { describe, expect, it } from 'vitest';
import { CliError } from '../src/CliError.js';
import { outputFormat } from '../src/internal/outputFormat.js';

describe(outputFormat, () => {
  it('is text by default, and text or json when given', () => {
    expect(outputFormat(undefined)).toBe('text');
    expect(outputFormat('text')).toBe('text');
    expect(outputFormat('json')).toBe('json');
  });

  it('refuses anything else as a usage error naming the value', () => {
    expect(outputFormat('yaml')).toBe('yaml');
    expect(() => outputFormat('xml')).toThrow(CliError);
    expect(() => outputFormat('xml')).toThrow('--output must be text, json or yaml (got "xml")');
  });
});
