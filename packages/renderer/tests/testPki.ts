import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { decodePem, planCredentials, readCertificateDer, readCertificateInfo } from '@kube-aws/pki';
import { caseConfig, FIXTURES, GOLDEN_CASES } from './goldenFixtures.js';

/** The command that makes a golden case's fixed test PKI, for messages. */
export const MAKE_TEST_PKI = 'node packages/renderer/scripts/make-test-pki.mjs';

/** `tests/fixtures/<case>/test-pki`: TEST ONLY certificates, made once by MAKE_TEST_PKI. */
export function testPkiDirectory(caseName: string): string {
  return join(FIXTURES, caseName, 'test-pki');
}

/** A golden case's fixed test PKI: file name → PEM of each certificate and public key (no key). */
export function readTestPki(caseName: string): Map<string, string> {
  const dir = testPkiDirectory(caseName);
  if (!existsSync(dir))
    throw new Error(
      `${dir} is missing: run ${MAKE_TEST_PKI} ${caseName}, and commit what it makes`,
    );
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith('.pem'))
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

const KEY_TYPES = { 'ecdsa-p256': 'ECDSA P-256', 'rsa-2048': 'RSA 2048', 'rsa-4096': 'RSA 4096' };

/** What in a case's test PKI no longer fits its cluster.yaml's credential plan; empty when all does. */
export function testPkiMismatches(caseName: string): string[] {
  const config = caseConfig(caseName);
  const files = readTestPki(caseName);
  const specs = planCredentials(config);
  const mismatches: string[] = [];
  for (const name of files.keys())
    if (!specs.some((spec) => spec.certificateFile === name))
      mismatches.push(`${name} is not a credential of the plan`);
  for (const spec of specs) {
    const pem = files.get(spec.certificateFile);
    if (pem === undefined) {
      mismatches.push(`${spec.certificateFile} is missing`);
      continue;
    }
    if (spec.kind === 'key-pair') {
      decodePem('PUBLIC KEY', pem, spec.certificateFile);
      continue;
    }
    const info = readCertificateInfo(
      readCertificateDer(decodePem('CERTIFICATE', pem, spec.certificateFile)).certificate,
    );
    const { subject, dnsNames = [], ipAddresses = [], extendedKeyUsages = [] } = spec.profile;
    const issuer = specs.find((item) => item.name === (spec.issuer ?? spec.name))!.profile.subject;
    const name = (of: typeof subject) =>
      [...(of.organizations ?? []).map((o) => `O=${o}`), `CN=${of.commonName}`].join(', ');
    const want = {
      subject: name(subject),
      issuer: name(issuer),
      dnsNames,
      ipAddresses,
      extendedKeyUsages,
      isCA: spec.kind === 'ca',
      keyType: KEY_TYPES[config.pki.keyAlgorithm],
    };
    for (const [field, value] of Object.entries(want)) {
      const got = info[field as keyof typeof want];
      if (JSON.stringify(got) !== JSON.stringify(value))
        mismatches.push(
          `${spec.certificateFile}: ${field} is ${JSON.stringify(got)}, the plan says ${JSON.stringify(value)}`,
        );
    }
  }
  return mismatches;
}

function planOf(config: ClusterConfig): string {
  return JSON.stringify([config.pki.keyAlgorithm, planCredentials(config).map((s) => s.profile)]);
}

let casePlans: Map<string, string> | undefined;

/**
 * The golden case whose test PKI a build of `config` uses: the case with the same credential plan,
 * else guide-init (the default cluster), else another case of the same key algorithm. The build
 * embeds certificates as they are and reads nothing in them, so a config that is no golden case may
 * borrow another's.
 */
export function testPkiCaseFor(config: ClusterConfig): string {
  casePlans ??= new Map(GOLDEN_CASES.map((name) => [name, planOf(caseConfig(name))]));
  const plan = planOf(config);
  const preferred = ['guide-init', ...GOLDEN_CASES.filter((name) => name !== 'guide-init')];
  return (
    GOLDEN_CASES.find((name) => casePlans!.get(name) === plan) ??
    preferred.find((name) => caseConfig(name).pki.keyAlgorithm === config.pki.keyAlgorithm) ??
    'guide-init'
  );
}
