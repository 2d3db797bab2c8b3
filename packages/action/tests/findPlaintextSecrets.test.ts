import { describe, expect, it } from 'vitest';
import { findPlaintextSecrets } from '../src/index.js';

// Assembled at run time, so this file itself holds no private-key marker.
const pem = (kind: string) =>
  `-----BEGIN ${kind}PRIVATE KEY-----\nMIIB\n-----END ${kind}PRIVATE KEY-----\n`;

describe('findPlaintextSecrets', () => {
  it.each(['', 'RSA ', 'EC ', 'ENCRYPTED ', 'OPENSSH '])(
    'finds a %sPRIVATE KEY block anywhere in a file',
    (kind) => {
      const files = new Map([
        ['cluster.yaml', `clusterName: x\nnote: |\n  ${pem(kind)}`],
        ['credentials/ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'],
      ]);
      expect(findPlaintextSecrets(files, new Set())).toEqual(['cluster.yaml']);
    },
  );

  it('finds a plaintext secret by its name, whatever it holds (the token and the key are not PEM)', () => {
    const files = new Map([
      ['infra/credentials/bootstrap-token', 'abcdef.0123456789abcdef\n'],
      ['infra/credentials/bootstrap-token.enc', '\u0001\u0002binary'],
      ['infra/credentials/encryption-key', `${btoa('k'.repeat(32))}\n`],
      ['infra/credentials/encryption-key.enc', '\u0001\u0002binary'],
      ['infra/credentials/encryption-key.sha256', `${'0'.repeat(64)}\n`],
    ]);
    expect(
      findPlaintextSecrets(
        files,
        new Set(['infra/credentials/bootstrap-token', 'infra/credentials/encryption-key']),
      ),
    ).toEqual(['infra/credentials/bootstrap-token', 'infra/credentials/encryption-key']);
  });

  it('passes certificates, public keys and sealed files', () => {
    const files = new Map([
      [
        'credentials/service-account.pem',
        '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n',
      ],
      ['credentials/ca-key.pem.enc', '\u0000\u00ff'],
    ]);
    expect(findPlaintextSecrets(files, new Set(['credentials/ca-key.pem']))).toEqual([]);
  });
});
