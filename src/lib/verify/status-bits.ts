/**
 * A Bitstring Status List's `encodedList` read with the platform's own gzip
 * (DecompressionStream, in browsers and Node alike) instead of
 * @digitalbazaar/bitstring's pako: the verify page then ships no inflate code.
 * Same format and bit order as that library (multibase base64url "u" prefix,
 * gzip, left-to-right indexing: 0x80 is index 0); unit-tested against it.
 */
import type { CheckedStatusList } from './types.ts';

export async function decodeStatusBits(encodedList: string): Promise<CheckedStatusList['bits']> {
  if (!encodedList.startsWith('u')) throw new Error('"encodedList" must start with the character "u"');
  const base64 = encodedList.slice(1).replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const compressed = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([compressed]).stream().pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const length = bytes.length * 8;
  return {
    length,
    getStatus(index: number): boolean {
      if (!Number.isInteger(index) || index < 0 || index >= length)
        throw new Error(`Position "${index}" is out of range "0-${length - 1}".`);
      return (bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
    },
  };
}
