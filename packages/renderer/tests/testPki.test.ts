import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePem, readCertificateDer, readCertificateInfo } from '@kube-aws/pki';
import { describe, expect, it } from 'vitest';
import { GOLDEN_CASES } from './goldenFixtures.js';
import { configFrom, NOW } from './helpers.js';
import {
  MAKE_TEST_PKI,
  readTestPki,
  testPkiCaseFor,
  testPkiDirectory,
  testPkiMismatches,
} from './testPki.js';

// The golden files are built from a fixed test PKI, so they change only when a case's credential
// plan does; then its certificates must be made again, and the golden files with them.
describe.each(GOLDEN_CASES)('the test PKI of golden case %s', (name) => {
  it("fits the credential plan of the case's cluster.yaml", () => {
    const mismatches = testPkiMismatches(name);
    expect(
      mismatches,
      `tests/fixtures/${name}/test-pki no longer fits its cluster.yaml: run ${MAKE_TEST_PKI} ${name}, then npm run generate, and commit both`,
    ).toEqual([]);
  });

  it('is valid at the tests’ NOW, holds certificates only, and says it is for tests only', () => {
    for (const [file, pem] of readTestPki(name)) {
      expect(pem, file).not.toMatch(/PRIVATE/);
      if (file === 'service-account.pem') continue;
      const info = readCertificateInfo(
        readCertificateDer(decodePem('CERTIFICATE', pem, file)).certificate,
      );
      expect(info.notBefore.getTime(), file).toBeLessThanOrEqual(NOW.getTime());
      expect(info.notAfter.getTime(), file).toBeGreaterThan(NOW.getTime());
    }
    const readme = readFileSync(join(testPkiDirectory(name), 'README.md'), 'utf8');
    expect(readme).toMatch(/^# TEST ONLY/);
  });
});

describe(testPkiCaseFor, () => {
  it('gives each golden case its own test PKI, and another config one of its key algorithm', () => {
    for (const name of GOLDEN_CASES) {
      const config = configFrom(
        readFileSync(join(testPkiDirectory(name), '..', 'cluster.yaml'), 'utf8'),
      );
      expect(testPkiCaseFor(config)).toBe(name);
    }
    const other = configFrom(
      'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n',
    );
    expect(testPkiCaseFor(other)).toBe('guide-init');
    expect(
      testPkiCaseFor(
        configFrom(
          `${'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n'}pki:\n  keyAlgorithm: rsa-2048\n`,
        ),
      ),
    ).toBe('rsa-2048');
  });
});
