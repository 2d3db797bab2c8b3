import { Lexer, Parser } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  formatProblem,
  INPUT_LIMITS,
  parseClusterConfig,
  resolveClusterConfig,
} from '../src/index.js';

function problemsOf(text: string | Uint8Array, fileName = 'cluster.yaml'): string[] {
  try {
    resolveClusterConfig(parseClusterConfig(text, fileName));
  } catch (error) {
    if (ConfigError.is(error)) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe(parseClusterConfig, () => {
  it('returns what the user wrote, unchanged', () => {
    expect(parseClusterConfig('clusterName: a\nworker:\n  count: 2\n')).toEqual({
      clusterName: 'a',
      worker: { count: 2 },
    });
  });

  it('uses the given file name in every problem', () => {
    expect(problemsOf('clusterName: [', 'clusters/prod.yaml')[0]).toMatch(
      /^clusters\/prod\.yaml:1:\d+ YAML syntax error: /,
    );
  });

  it('reads YAML 1.2: yes is a string, not a boolean', () => {
    expect(parseClusterConfig('createRecordSet: yes\n')).toEqual({ createRecordSet: 'yes' });
  });

  it('locates problems through aliases where the anchored value is written', () => {
    const text =
      'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\nbase: &v\n  count: -1\nworker: *v\n';
    expect(problemsOf(text)).toEqual([
      'cluster.yaml:7:1 base: unknown key',
      'cluster.yaml:8:3 worker.count: must be a whole number from 0 to 1000 (got -1)',
    ]);
  });

  it('locates items of lists at the item', () => {
    const text = 'sshAccessAllowedSourceCIDRs:\n  - 10.0.0.0/8\n  - nope\n';
    expect(problemsOf(text)).toContain(
      'cluster.yaml:3:5 sshAccessAllowedSourceCIDRs[1]: must be an IPv4 CIDR block such as 10.0.0.0/16 (got "nope")',
    );
  });

  it('rejects a document stream with a located problem', () => {
    expect(problemsOf('clusterName: a\n---\nclusterName: b\n')[0]).toMatch(
      /^cluster\.yaml:2:1 YAML syntax error: /,
    );
  });

  it('handles a byte-order mark and Windows line ends', () => {
    expect(parseClusterConfig('\uFEFFclusterName: a\r\nregion: us-west-1\r\n')).toEqual({
      clusterName: 'a',
      region: 'us-west-1',
    });
  });

  it('counts columns from 1 on the line of the problem', () => {
    expect(problemsOf('controller:\n  count: 1\n  flavour: x\n')).toContain(
      'cluster.yaml:3:3 controller.flavour: unknown key in controller',
    );
  });
});

describe(`${parseClusterConfig.name} input bounds`, () => {
  const header =
    'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n';
  const encoder = new TextEncoder();

  function codesOf(source: string | Uint8Array): string[] {
    try {
      parseClusterConfig(source);
    } catch (error) {
      if (ConfigError.is(error)) return error.problems.map((problem) => problem.code);
      throw error;
    }
    return [];
  }

  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Timing-free: what a hang would need (the lexer, the parser) is never reached.
  it.each([
    [
      'a 50 MB value, as bytes',
      () => encoder.encode(`${header}stackTags:\n  note: ${'a'.repeat(50_000_000)}\n`),
    ],
    ['a 50 MB value, as text', () => `${header}stackTags:\n  note: ${'a'.repeat(50_000_000)}\n`],
    [
      '100,000 stack tags',
      () =>
        encoder.encode(
          `${header}stackTags:\n${Array.from({ length: 100_000 }, (_, i) => `  tag-${i}: value\n`).join('')}`,
        ),
    ],
  ])('refuses %s by its size, before lexing or parsing it', (_, make) => {
    const lex = vi.spyOn(Lexer.prototype, 'lex');
    const parse = vi.spyOn(Parser.prototype, 'parse');
    expect(codesOf(make())).toEqual(['file-too-large']);
    expect(lex).not.toHaveBeenCalled();
    expect(parse).not.toHaveBeenCalled();
  });

  it('refuses 100,000 stack tags that fit in 1 MiB by their count, before parsing them', () => {
    const tags = Array.from({ length: 100_000 }, (_, i) => `${i.toString(36)}: v`).join(', ');
    const bytes = encoder.encode(`${header}stackTags: {${tags}}\n`);
    expect(bytes.length).toBeLessThan(INPUT_LIMITS.maxBytes);
    const parse = vi.spyOn(Parser.prototype, 'parse');
    expect(codesOf(bytes)).toEqual(['too-many-nodes']);
    expect(parse).not.toHaveBeenCalled();
  });

  it('reads a file of exactly 1 MiB, and refuses one byte more', () => {
    const padding = (length: number) => `${header}#${'x'.repeat(length - header.length - 2)}\n`;
    expect(encoder.encode(padding(INPUT_LIMITS.maxBytes)).length).toBe(INPUT_LIMITS.maxBytes);
    expect(codesOf(encoder.encode(padding(INPUT_LIMITS.maxBytes)))).toEqual([]);
    expect(codesOf(padding(INPUT_LIMITS.maxBytes))).toEqual([]);
    expect(codesOf(encoder.encode(padding(INPUT_LIMITS.maxBytes + 1)))).toEqual(['file-too-large']);
    expect(codesOf(padding(INPUT_LIMITS.maxBytes + 1))).toEqual(['file-too-large']);
  });

  it('counts the size of text in UTF-8 bytes, not in characters', () => {
    const text = `${header}stackTags:\n  note: ${'é'.repeat(INPUT_LIMITS.maxBytes / 2)}\n`;
    expect(text.length).toBeLessThan(INPUT_LIMITS.maxBytes);
    expect(codesOf(text)).toEqual(['file-too-large']);
  });

  it('reads bytes and text alike, with the same lines and columns', () => {
    const text = `${header}worker:\n  count: !!js/function x\nstackTags:\n  "t\\u202eam": x\n`;
    const fromText = problemsOf(text);
    expect(fromText).toHaveLength(2);
    let fromBytes: string[] = [];
    try {
      resolveClusterConfig(parseClusterConfig(encoder.encode(text)));
    } catch (error) {
      if (ConfigError.is(error)) fromBytes = error.problems.map(formatProblem);
    }
    expect(fromBytes).toEqual(fromText);
  });

  it('reads UTF-8 with a byte-order mark, and locates invalid bytes after it', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const body = encoder.encode(`${header}stackTags:\n  team: x`);
    const bytes = new Uint8Array([...bom, ...body, 0xe9, 0x0a]);
    expect(problemsOf(bytes)).toEqual([
      'cluster.yaml:8:10 stackTags.team: has bytes that are not valid UTF-8 (0xE9), as in a file saved as Latin-1 or Windows-1252; save cluster.yaml as UTF-8',
    ]);
  });

  it('leaves Object.prototype alone whatever the keys', () => {
    const text = `${header}__proto__: {polluted: true}\nconstructor: {prototype: {polluted: true}}\nstackTags: {__proto__: x}\nworker: {__proto__: {polluted: true}}\n`;
    const problems = problemsOf(text);
    expect(problems).toHaveLength(4);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(
      Object.getPrototypeOf(parseClusterConfig(`${header}__proto__: {polluted: true}\n`)),
    ).toBe(Object.prototype);
  });

  it('accepts what a real cluster.yaml uses: anchors, core tags, a byte-order mark', () => {
    const text = `\uFEFF${header}worker:\n  rootVolume: &volume {size: !!int "40", type: gp3}\ncontroller:\n  rootVolume: *volume\nstackTags:\n  team: !!str équipe-7\n`;
    expect(problemsOf(text)).toEqual([]);
  });
});
