/**
 * The Learner Credential Wallet's request link (src/lib/award-page/wallet-link.ts), read back
 * with LCW's own parsing (ported in tests/helpers/lcw-parse.ts): the offered credential comes
 * out unchanged; links LCW could not read, or too long for a URL, are not offered.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LCW_LINK_MAX_LENGTH, lcwRequestLink } from '../../../../src/lib/award-page/wallet-link.ts';
import { credentialsFromRequestLink } from '../../../helpers/lcw-parse.ts';

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Cloud & Data + Security: "Associate" #1 ?a=b 김민지',
  credentialSubject: { type: ['AchievementSubject'], name: 'Zoë O’Brien-김' },
  proof: [{ type: 'DataIntegrityProof', proofValue: 'z3FXQ+/=' }],
};

describe('the LCW request link', () => {
  test('LCW reads the offered credential back unchanged, reserved characters, Hangul and all', () => {
    const link = lcwRequestLink(credential);
    assert.ok(link?.startsWith('https://lcw.app/request?request='));
    assert.ok(link);
    assert.deepEqual(credentialsFromRequestLink(link), [credential]);
  });

  test('a credential whose JSON LCW would decode a second time (a % escape) gets no link', () => {
    assert.equal(lcwRequestLink({ ...credential, name: 'Scored 100%' }), undefined, 'decodeURI throws');
    assert.equal(lcwRequestLink({ ...credential, name: 'a%41b' }), undefined, 'decodeURI changes it');
  });

  test('a credential too long for a link gets none', () => {
    const long = { ...credential, description: 'x'.repeat(LCW_LINK_MAX_LENGTH) };
    assert.equal(lcwRequestLink(long), undefined);
  });
});
