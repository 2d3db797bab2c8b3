import { PkiError } from './PkiError.js';

/** PEM text of DER bytes, with 64-character lines. */
export function encodePem(label: string, der: Uint8Array): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const body = btoa(binary)
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/**
 * The DER bytes of the first PEM block with this label.
 * @throws {PkiError} `PKI_BAD_PEM` when there is none or it is not base64.
 */
export function decodePem(label: string, text: string, fileName: string): Uint8Array {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]*)-----END ${label}-----`).exec(text);
  if (match === null) {
    throw new PkiError('PKI_BAD_PEM', `${fileName}: no PEM block "${label}" found`, {
      file: fileName,
    });
  }
  try {
    return Uint8Array.from(atob(match[1]!.replace(/\s+/g, '')), (char) => char.charCodeAt(0));
  } catch (cause) {
    throw new PkiError('PKI_BAD_PEM', `${fileName}: the ${label} block is not valid base64`, {
      file: fileName,
      cause,
    });
  }
}
