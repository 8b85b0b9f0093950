/**
 * Every `EMBLEM_*` setting is in one table (src/lib/settings.ts): read and
 * checked through it, documented from it (the README's table is that table),
 * and no code reads a setting the table does not know.
 */
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildMoment } from '../../../src/lib/build-settings.ts';
import {
  SECRET_SETTINGS,
  SETTINGS,
  setting,
  settingProblems,
  settingsTable,
  unknownSettings,
} from '../../../src/lib/settings.ts';
import { projectRoot } from '../../helpers/site-build.ts';

describe('settings', () => {
  test("the README's settings table is the table in settings.ts", () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const start = readme.indexOf('| variable | meaning | default |');
    assert.ok(start >= 0, 'README has a settings table');
    const end = readme.indexOf('\n\n', start);
    const actual = readme.slice(start, end === -1 ? undefined : end);
    assert.equal(
      actual,
      settingsTable(),
      `README.md's settings table differs from src/lib/settings.ts; it should read:\n${settingsTable()}`,
    );
  });

  test('no code reads an EMBLEM_* variable the table does not know', () => {
    const files = globSync(['src/**/*.{ts,astro,mjs}', 'scripts/**/*.ts', 'astro.config.mjs'], { cwd: projectRoot });
    const unknown = new Map<string, string>();
    for (const file of files) {
      for (const [name] of readFileSync(path.join(projectRoot, file), 'utf8').matchAll(
        /\bEMBLEM_[A-Z][A-Z0-9_]*[A-Z0-9]\b/g,
      )) {
        if (!(name in SETTINGS) && !unknown.has(name)) unknown.set(name, file);
      }
    }
    assert.deepEqual(
      [...unknown].map(([name, file]) => `${name} (${file})`),
      [],
    );
  });

  test('a bad value is one sentence naming the variable and what it is for; a secret value is never shown', () => {
    assert.throws(
      () => buildMoment({ EMBLEM_NOW: 'yesterday' }),
      /^Error: EMBLEM_NOW "yesterday" is not an ISO 8601 date-time \(e\.g\. 2026-12-01T00:00:00Z\): moment award states/,
    );
    assert.throws(
      () => setting('EMBLEM_HOST_PROFILE', { EMBLEM_HOST_PROFILE: 'githubpages' }),
      /EMBLEM_HOST_PROFILE "githubpages" is not a known host; use one of github-pages, /,
    );
    assert.throws(
      () => setting('EMBLEM_CARD_WORKERS', { EMBLEM_CARD_WORKERS: '0' }),
      /EMBLEM_CARD_WORKERS "0" is not a whole number of 1 or more/,
    );
    assert.equal(setting('EMBLEM_CARD_WORKERS', { EMBLEM_CARD_WORKERS: '3' }), 3);
    assert.equal(setting('EMBLEM_MODE', {}), undefined);
    assert.equal(
      setting('EMBLEM_SMTP_URL', { EMBLEM_SMTP_URL: 'smtps://u:p@mail.example.org:465' }),
      'smtps://u:p@mail.example.org:465',
    );
    assert.throws(
      () => setting('EMBLEM_SMTP_URL', { EMBLEM_SMTP_URL: 'https://u:p4ssword@mail.example.org' }),
      (error: Error) =>
        !error.message.includes('p4ssword') && /its value is a secret and not shown/.test(error.message),
    );
    assert.deepEqual(settingProblems({ EMBLEM_MODE: 'prod', EMBLEM_NOW: '2026-12-01T00:00:00Z' }), [
      'EMBLEM_MODE "prod" is not one of production, development: `production` refuses development signing keys and compares with the live site.',
    ]);
    assert.deepEqual(unknownSettings({ EMBLEM_SITEURL: 'x', EMBLEM_MODE: 'production', HOME: '/' }), [
      'EMBLEM_SITEURL',
    ]);
  });

  test("the secrets are the signing key, the cache key, the claim secret, the claim function's GitHub token, the SMTP URL and the DKIM key", () => {
    assert.deepEqual([...SECRET_SETTINGS].sort(), [
      'EMBLEM_CACHE_KEY',
      'EMBLEM_CLAIM_GITHUB_TOKEN',
      'EMBLEM_CLAIM_SECRET',
      'EMBLEM_DKIM_PRIVATE_KEY',
      'EMBLEM_SIGNING_KEY',
      'EMBLEM_SMTP_URL',
    ]);
  });
});
