import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './runAction.js';

const dist = join(ROOT, 'dist');
const read = (name: string) => readFileSync(join(dist, name), 'utf8');
/** The modules a bundled file imports, statically or with import(). */
function imports(text: string): { static: string[]; dynamic: string[] } {
  return {
    static: [
      ...text.matchAll(/(?:^|[;\s}])import\s*(?:[\w${}\s,*]+from\s*)?["']([^"']+)["']/g),
    ].map((match) => match[1]!),
    dynamic: [...text.matchAll(/import\(["']([^"']+)["']\)/g)].map((match) => match[1]!),
  };
}

// ADR 0015: the first log line before the SDK, the renderer and the PKI; each mode loads its own.
describe('the bundle in dist/', () => {
  it('is the entry, one file per part and undici, and nothing else', () => {
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.c?js$/.test(name))
      .sort();
    expect(files).toEqual([
      'index.js',
      'internal/planAndApply.js',
      'internal/reportDrift.js',
      'run.js',
      'undici.cjs',
    ]);
  });

  it('leaves undici to a file of its own, which a part requires only when it uses it', () => {
    // An error code of undici's: its code is in undici.cjs and in no part.
    expect(read('undici.cjs').includes('UND_ERR_CONNECT_TIMEOUT')).toBe(true);
    for (const [part, path] of [
      ['run.js', './undici.cjs'],
      ['internal/planAndApply.js', '../undici.cjs'],
      ['internal/reportDrift.js', '../undici.cjs'],
    ] as const) {
      const text = read(part);
      expect(text.includes('UND_ERR_CONNECT_TIMEOUT'), part).toBe(false);
      expect(text.includes(`"${path}"`), part).toBe(true);
    }
  });

  it("has an entry that loads only Node's modules before it imports the rest", () => {
    const entry = read('index.js');
    expect(entry.length).toBeLessThan(8 * 1024);
    expect(imports(entry).static.every((name) => name.startsWith('node:'))).toBe(true);
    expect(imports(entry).dynamic).toEqual(['./run.js']);
  });

  it('imports each mode only when it runs', () => {
    expect(imports(read('run.js')).dynamic.sort()).toEqual([
      './internal/planAndApply.js',
      './internal/reportDrift.js',
    ]);
  });

  it('gives mode drift CloudFormation alone: no other AWS client, no renderer, no PKI', () => {
    const driftPart = read('internal/reportDrift.js');
    expect(driftPart.includes('"@aws-sdk/client-cloudformation"')).toBe(true);
    for (const absent of [
      '"@aws-sdk/client-ec2"',
      '"@aws-sdk/client-kms"',
      '"@aws-sdk/client-s3"',
      'nunjucks',
      'pkijs',
    ])
      expect(driftPart.includes(absent), absent).toBe(false);
    expect(driftPart.includes('this part of the action bundle has no ec2 client')).toBe(true);
    const planPart = read('internal/planAndApply.js');
    for (const present of [
      '"@aws-sdk/client-ec2"',
      '"@aws-sdk/client-kms"',
      '"@aws-sdk/client-s3"',
    ])
      expect(planPart.includes(present), present).toBe(true);
  });

  it('holds only the SDK operations kube-aws calls, not whole SDK packages', () => {
    const planPart = read('internal/planAndApply.js');
    // One of EC2's operations kube-aws calls, and one it never does, which would come with the
    // whole package (see scripts/bundle.mjs).
    // (Booleans: a failure must not print a megabyte of bundle.)
    expect(planPart.includes('DescribeKeyPairs')).toBe(true);
    expect(planPart.includes('WithdrawByoipCidr')).toBe(false);
    expect(planPart.length).toBeLessThan(2.5 * 1024 * 1024);
  });
});
