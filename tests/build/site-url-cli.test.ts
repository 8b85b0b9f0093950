/**
 * The issuer's commands on a content folder whose issuer file sets `site.url`, with nothing exported:
 * lookup, erase (dry run) and notify (dry run) all give addresses on that site, not on localhost.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { contentCopy } from '../helpers/mail.ts';
import { FIXTURE_NOW, projectRoot } from '../helpers/site-build.ts';

const SITE = 'https://badges.example.org/program/';
const VALID = '00000000-0000-4000-8000-000000000001';
const content = contentCopy('site-url');
const issuer = path.join(content, 'issuer.yaml');
writeFileSync(issuer, `${readFileSync(issuer, 'utf8')}site:\n  url: https://badges.example.org/program\n`);

function run(script: string, args: string[], extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, EMBLEM_NOW: FIXTURE_NOW, EMBLEM_CONTENT_DIR: content, LANG: 'C' };
  delete env.EMBLEM_SITE_URL;
  delete env.EMBLEM_LOG_LEVEL;
  Object.assign(env, extra);
  // Keys and caches of this test's own (erase reads the build cache; notify needs a claim secret for pending awards).
  env.EMBLEM_BUILD_CACHE = path.join(content, '.cache');
  env.EMBLEM_CLAIM_SECRET = 'site-url-test-claim-secret-0123456789abcdef';
  const result = spawnSync(process.execPath, [`scripts/${script}.ts`, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('site.url with no EMBLEM_SITE_URL', () => {
  test('the build log names the site URL and the setting it came from (a refused target: nothing is built)', () => {
    const build = run('build', ['--out', '.']);
    assert.equal(build.status, 2, build.stderr);
    assert.match(build.stdout, new RegExp(`\\[emblem\\] site URL ${SITE} \\(site\\.url in .*issuer\\.yaml\\)`));
    const overridden = run('build', ['--out', '.'], { EMBLEM_SITE_URL: 'https://staging.example.org/' });
    assert.match(
      overridden.stdout,
      new RegExp(`site URL https://staging\\.example\\.org/ \\(EMBLEM_SITE_URL, over site\\.url ${SITE} in `),
    );
  });

  test('lookup prints the award’s address on that site', () => {
    const lookup = run('lookup', ['fixture.valid@mail.example.com']);
    assert.equal(lookup.status, 0, lookup.stderr);
    assert.match(lookup.stdout, new RegExp(`published: ${SITE}badges/${VALID}/`));
    assert.doesNotMatch(lookup.stdout, /localhost/);
  });

  test('erase (dry run) lists the addresses to purge on that site and changes nothing', () => {
    const before = readFileSync(path.join(content, 'awards/fixture-awards.yaml'), 'utf8');
    const erase = run('erase', [VALID]);
    assert.equal(erase.status, 0, erase.stderr);
    assert.match(erase.stdout, new RegExp(`• ${SITE}badges/${VALID}/\\*`));
    assert.match(erase.stdout, /Dry run/);
    assert.equal(readFileSync(path.join(content, 'awards/fixture-awards.yaml'), 'utf8'), before);
  });

  test('notify (dry run) writes emails whose links are on that site', () => {
    const outbox = path.join(content, 'outbox');
    const notify = run('notify', [
      '--outbox',
      outbox,
      '--sent-log',
      path.join(content, 'sent-log.jsonl'),
      '--lang',
      'en',
    ]);
    assert.equal(notify.status, 0, notify.stderr);
    const mails = readdirSync(outbox).map((name) => readFileSync(path.join(outbox, name), 'utf8'));
    assert.ok(mails.length > 0);
    // Quoted-printable may wrap long lines: join soft line breaks before looking for addresses.
    const text = mails.join('\n').replace(/=\r?\n/g, '');
    assert.match(text, new RegExp(`${SITE}badges/${VALID}/`));
    assert.match(text, new RegExp(`${SITE}claim/`));
    assert.doesNotMatch(text, /localhost/);
  });
});
