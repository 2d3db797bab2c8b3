import * as pkijs from 'pkijs';

/** The public members JWK names: `crv`, `x`, `y` of an EC key, `n`, `e` of an RSA key. */
function members(json: Record<string, unknown>): string | undefined {
  const names = 'crv' in json ? ['crv', 'x', 'y'] : ['n', 'e'];
  const values = names.map((name) => json[name]);
  return values.every((value) => typeof value === 'string' && value !== '')
    ? JSON.stringify(values)
    : undefined;
}

/**
 * The public key of a SubjectPublicKeyInfo as text (its JWK public members): two keys are the same
 * when their texts are equal, whatever DER encoding each file used.
 */
export function spkiPublicMembers(info: pkijs.PublicKeyInfo): string | undefined {
  const key = info.parsedKey;
  return key === undefined
    ? undefined
    : members(key.toJSON() as unknown as Record<string, unknown>);
}

/**
 * The public key written inside a PKCS#8 private key (RSAPrivateKey's n and e, ECPrivateKey's
 * publicKey), read by parsing alone; undefined when an EC key was stored without its public point.
 */
export function pkcs8PublicMembers(info: pkijs.PrivateKeyInfo): string | undefined {
  const key = info.parsedKey;
  if (key instanceof pkijs.ECPrivateKey && key.publicKey === undefined) return undefined;
  return key === undefined
    ? undefined
    : members(key.toJSON() as unknown as Record<string, unknown>);
}
