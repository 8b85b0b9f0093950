/**
 * The verify core's status list reader (native gzip) reads what
 * @digitalbazaar/vc-bitstring-status-list writes, bit for bit, as its own
 * decoder does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { decodeStatusBits } from '../../../../src/lib/verify/status-bits.ts';

test('decodes the bits a status list library encodes, in its order', async () => {
  const list = await createList({ length: 131_072 });
  const set = [0, 1, 7, 8, 9, 4242, 65_535, 131_071];
  for (const index of set) list.setStatus(index, true);
  const encodedList = await list.encode();
  const ours = await decodeStatusBits(encodedList);
  const theirs = await decodeList({ encodedList });
  assert.equal(ours.length, theirs.length);
  for (let index = 0; index < ours.length; index++)
    if (ours.getStatus(index) !== theirs.getStatus(index)) assert.fail(`bit ${index} differs`);
  assert.deepEqual(
    set.map((i) => ours.getStatus(i)),
    set.map(() => true),
  );
  assert.throws(() => ours.getStatus(131_072), /out of range/);
});

test('refuses a list without the multibase prefix or not gzipped', async () => {
  await assert.rejects(decodeStatusBits('H4sIAAAAAAAAA'), /must start with the character "u"/);
  await assert.rejects(decodeStatusBits('uAAAA'));
});
