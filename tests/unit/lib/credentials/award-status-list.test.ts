/**
 * The award page reads this award's revocation bit from the status list in the
 * browser (src/browser/award-page.ts): checked here against lists made by the
 * library the build signs (the same encoding: gzip, base64url, first bit = most
 * significant bit of the first byte).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { STATUS_LIST_LENGTH, statusListCredential } from '../../../../src/lib/credentials/status-list.ts';
import { bitAt, decodeStatusList } from '../../../../src/browser/award-page.ts';

describe('the award page decodes the status list', () => {
  test('every revoked index reads as set, its neighbours as clear', async () => {
    const last = STATUS_LIST_LENGTH - 1;
    const revoked = [0, 7, 8, 1000, last];
    const list = await statusListCredential({
      listUrl: 'https://x.org/status/revocation.json',
      issuer: 'did:web:x.org',
      revokedIndexes: revoked,
      validFrom: '2026-01-01T00:00:00Z',
    });
    const bits = await decodeStatusList((list.credentialSubject as { encodedList: string }).encodedList);
    assert.equal(bits.length, STATUS_LIST_LENGTH / 8);
    for (const index of revoked) assert.equal(bitAt(bits, index), true, `bit ${index}`);
    for (const index of [1, 6, 9, 999, 1001, last - 1]) assert.equal(bitAt(bits, index), false, `bit ${index}`);
    assert.throws(() => bitAt(bits, STATUS_LIST_LENGTH), /outside the list/);
  });

  test('a list that is not multibase base64url is refused', async () => {
    await assert.rejects(decodeStatusList('zabc'), /not multibase base64url/);
  });
});
