import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { findLeaks } from '../../../../src/steps/checks/privacy-guard.ts';
import { emailsIn, secretsToGuard, uuidsIn } from '../../../../src/steps/checks/private-tokens.ts';
import { bakePng, OB3_PNG_KEYWORD } from '../../../../src/lib/credentials/baking.ts';

const HIDDEN = '00000000-0000-4000-8000-000000000006';

describe('privacy guard', () => {
  test('finds email addresses however they are surrounded', () => {
    assert.deepEqual(emailsIn('mail <a href="mailto:Minji.Kim@Mail.Example.com">x</a>, then end.'), [
      'minji.kim@mail.example.com',
    ]);
    assert.deepEqual(emailsIn('"email":"a+b@x.org".'), ['a+b@x.org']);
    assert.deepEqual(emailsIn('no address @ here, nor@'), []);
  });

  test('finds UUIDs in any case and ignores near misses', () => {
    assert.deepEqual(uuidsIn(`/badges/${HIDDEN.toUpperCase()}/ and 0000-0000`), [HIDDEN]);
    assert.deepEqual(uuidsIn('00000000-0000-4000-8000-00000000000'), []);
  });

  test('reports an email or a withheld id in pages, in percent-encoded links, in file names and inside baked PNGs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'emblem-privacy-'));
    mkdirSync(path.join(dir, 'badges', HIDDEN), { recursive: true });
    writeFileSync(path.join(dir, 'badges', HIDDEN, 'index.html'), '<p>nothing here</p>');
    writeFileSync(path.join(dir, 'page.html'), '<a href="mailto:hidden%40mail.example.com">write</a>');
    writeFileSync(path.join(dir, 'clean.html'), '<p>badges@nuritech.example.org is the issuer, not a recipient</p>');
    const png = await sharp({ create: { width: 4, height: 4, channels: 4, background: '#fff' } })
      .png()
      .toBuffer();
    writeFileSync(
      path.join(dir, 'badge-ob3.png'),
      bakePng(new Uint8Array(png), OB3_PNG_KEYWORD, JSON.stringify({ email: 'baked@mail.example.com' })),
    );
    const leaks = await findLeaks(
      dir,
      new Set(['hidden@mail.example.com', 'baked@mail.example.com']),
      new Set([HIDDEN]),
    );
    const found = leaks.map((l) => `${l.file}: ${l.what}`).sort();
    assert.deepEqual(found, [
      `badge-ob3.png: recipient email baked@mail.example.com`,
      `badges/${HIDDEN}/index.html: withheld award id ${HIDDEN} in the file name`,
      `page.html: recipient email hidden@mail.example.com`,
    ]);
  });

  test('large outputs are scanned on worker threads, with the same findings', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'emblem-privacy-many-'));
    for (let i = 0; i < 1200; i++) writeFileSync(path.join(dir, `page-${i}.html`), `<p>page ${i}</p>`);
    writeFileSync(path.join(dir, 'page-777.html'), '<p>contact hidden@mail.example.com</p>');
    const leaks = await findLeaks(dir, new Set(['hidden@mail.example.com']), new Set([HIDDEN]));
    assert.deepEqual(leaks, [{ file: 'page-777.html', what: 'recipient email hidden@mail.example.com' }]);
  });

  test('secrets: secret EMBLEM_* values and the signing key material, not public settings', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'emblem-secrets-'));
    const keyFile = path.join(root, 'outside-key.json');
    writeFileSync(keyFile, '{"publicKeyMultibase":"z6MkPUBLIC","secretKeyMultibase":"zrvFILESECRETFILESECRET"}\n');
    const dkimFile = path.join(root, 'dkim.pem');
    writeFileSync(dkimFile, 'dkim-private-key-material-MIIDKIMSECRET\n');
    mkdirSync(path.join(root, '.emblem/keys'), { recursive: true });
    writeFileSync(
      path.join(root, '.emblem/keys/dev-signing-key.json'),
      '{"publicKeyMultibase":"z6MkDEV","secretKeyMultibase":"zrvDEVSECRETDEVSECRET"}',
    );
    const env = {
      EMBLEM_SIGNING_KEY: '{"publicKeyMultibase":"z6MkENV","secretKeyMultibase":"zrvENVSECRETENVSECRET"}',
      EMBLEM_SIGNING_KEY_FILE: keyFile,
      EMBLEM_CLAIM_SECRET: 'claim-secret-value',
      EMBLEM_SMTP_URL: 'smtp://u:p4ssword@mail.example.org',
      EMBLEM_GITHUB_TOKEN: 'ghp_tokenvalue123',
      EMBLEM_MAIL_PASSWORD: 'hunter2hunter2',
      EMBLEM_SHORT_SECRET: '1',
      EMBLEM_SITE_URL: 'https://badges.example.org/',
      EMBLEM_PREVIOUS_KEYS: 'z6MkPREVIOUSPUBLICKEY',
      EMBLEM_MODE: 'production',
      EMBLEM_DKIM_DOMAIN: 'nuritech.example.org',
      EMBLEM_DKIM_PRIVATE_KEY_FILE: dkimFile,
      OTHER_SECRET: 'not-ours-to-guard',
    };
    const secrets = secretsToGuard(env, root);
    const values = new Set(secrets.map((s) => s.value));
    for (const value of [
      'zrvENVSECRETENVSECRET',
      'zrvFILESECRETFILESECRET',
      'zrvDEVSECRETDEVSECRET',
      'claim-secret-value',
      'smtp://u:p4ssword@mail.example.org',
      'ghp_tokenvalue123',
      'hunter2hunter2',
      'dkim-private-key-material-MIIDKIMSECRET',
    ]) {
      assert.ok(values.has(value), value);
    }
    for (const value of [
      'https://badges.example.org/',
      'z6MkPREVIOUSPUBLICKEY',
      'production',
      'nuritech.example.org',
      dkimFile,
      'not-ours-to-guard',
      '1',
      keyFile,
    ])
      assert.ok(!values.has(value), value);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'emblem-secrets-out-'));
    writeFileSync(path.join(dir, 'a.html'), '<p>zrvFILESECRETFILESECRET</p>');
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ note: 'smtp://u:p4ssword@mail.example.org' }));
    writeFileSync(path.join(dir, 'c.html'), '<p>hunter2hunter2 and the public z6MkPREVIOUSPUBLICKEY</p>');
    writeFileSync(path.join(dir, 'd.html'), '<p>https://badges.example.org/ is public</p>');
    const found = (await findLeaks(dir, new Set(), new Set(), secrets)).map((l) => `${l.file}: ${l.what}`).sort();
    assert.deepEqual(found, [
      `a.html: secret: the secret key (secretKeyMultibase) of the key file outside-key.json`,
      'b.json: secret: the value of EMBLEM_SMTP_URL',
      'c.html: secret: the value of EMBLEM_MAIL_PASSWORD',
    ]);
  });
});
