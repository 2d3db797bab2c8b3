/** The 4 (IPv4) or 16 (IPv6) bytes of an IP address, as a SAN iPAddress holds them. */
export function parseIpAddress(text: string): Uint8Array {
  if (text.includes(':')) {
    const [head = '', tail = ''] = text.split('::');
    const groups = (part: string) =>
      part === '' ? [] : part.split(':').map((group) => parseInt(group, 16));
    const front = groups(head);
    const back = text.includes('::') ? groups(tail) : [];
    const all = [...front, ...Array(8 - front.length - back.length).fill(0), ...back];
    return Uint8Array.from(all.flatMap((group: number) => [group >> 8, group & 0xff]));
  }
  return Uint8Array.from(text.split('.').map(Number));
}

/** The text of SAN iPAddress bytes: dotted IPv4, or IPv6 as eight hex groups. */
export function formatIpBytes(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let index = 0; index < bytes.length; index += 2)
    groups.push(((bytes[index]! << 8) | bytes[index + 1]!).toString(16));
  return groups.join(':');
}
