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
    expect(() => outputFormat('yaml')).toThrow(CliError);
    expect(() => outputFormat('yaml')).toThrow('--output must be text or json (got "yaml")');
  });
});
