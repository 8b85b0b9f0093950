/**
 * The site URL, read in one place (siteUrlChoice in src/lib/build-settings.ts) by every command and the
 * build: EMBLEM_SITE_URL, else `site.url` in the content folder's issuer file, else http://localhost:4321/.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_SITE_URL, siteUrlChoice, siteUrlSetting } from '../../../src/lib/build-settings.ts';
import { loadContent } from '../../../src/lib/content/content-files.ts';
import { ContentError } from '../../../src/lib/content/content-model.ts';
import { issuerSchema } from '../../../src/lib/content/schema.ts';
import { fixtureContent, projectRoot } from '../../helpers/site-build.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'emblem-site-url-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the fixture content whose issuer file ends with `extra` (YAML). */
function contentWith(name: string, extra: string): string {
  const dir = path.join(scratch, name);
  cpSync(fixtureContent, dir, { recursive: true });
  const issuer = path.join(dir, 'issuer.yaml');
  writeFileSync(issuer, `${readFileSync(issuer, 'utf8')}${extra}`);
  return dir;
}

const withUrl = contentWith('with-url', 'site:\n  url: https://Badges.Example.org/program\n');

describe('site URL setting', () => {
  test('site.url in the issuer file, nothing exported: that URL, normalised as the build reads it', () => {
    const env = { EMBLEM_CONTENT_DIR: withUrl };
    assert.equal(siteUrlSetting(env), 'https://badges.example.org/program/');
    assert.deepEqual(siteUrlChoice(env), {
      url: 'https://badges.example.org/program/',
      source: 'site.url',
      file: path.join(withUrl, 'issuer.yaml'),
    });
    // A command's --content folder is read, not EMBLEM_CONTENT_DIR's.
    assert.equal(siteUrlSetting({}, withUrl), 'https://badges.example.org/program/');
  });

  test('EMBLEM_SITE_URL wins over site.url, and the choice says what it overrode', () => {
    const env = { EMBLEM_CONTENT_DIR: withUrl, EMBLEM_SITE_URL: 'https://staging.example.org/' };
    assert.equal(siteUrlSetting(env), 'https://staging.example.org/');
    assert.deepEqual(siteUrlChoice(env), {
      url: 'https://staging.example.org/',
      source: 'EMBLEM_SITE_URL',
      file: path.join(withUrl, 'issuer.yaml'),
      overridden: 'https://badges.example.org/program/',
    });
  });

  test('neither: the preview default; the fixture (like the bundled sample) has no site.url', () => {
    assert.deepEqual(siteUrlChoice({ EMBLEM_CONTENT_DIR: fixtureContent }), {
      url: DEFAULT_SITE_URL,
      source: 'default',
    });
    assert.deepEqual(siteUrlChoice({ EMBLEM_CONTENT_DIR: path.join(scratch, 'missing') }), {
      url: DEFAULT_SITE_URL,
      source: 'default',
    });
    assert.equal(siteUrlChoice({}, path.join(projectRoot, 'content')).source, 'default');
  });

  test('an issuer.json is read the same way', () => {
    const dir = path.join(scratch, 'json');
    cpSync(fixtureContent, dir, { recursive: true });
    rmSync(path.join(dir, 'issuer.yaml'));
    writeFileSync(path.join(dir, 'issuer.json'), JSON.stringify({ site: { url: 'http://127.0.0.1:8080/' } }));
    assert.equal(siteUrlSetting({}, dir), 'http://127.0.0.1:8080/');
  });

  test('a site.url that is not an absolute http(s) URL stops with the file and field named', () => {
    for (const bad of [
      'ftp://badges.example.org/',
      'badges.example.org',
      'https://badges.example.org/?x=1',
      'https://badges.example.org/#top',
    ]) {
      const dir = contentWith(`bad-${bad.replace(/[^a-z0-9]+/gi, '-')}`, `site:\n  url: "${bad}"\n`);
      assert.throws(
        () => siteUrlSetting({}, dir),
        (error: Error) => error.message.includes('issuer.yaml › site.url:'),
        bad,
      );
      // The content check says the same, so the build lists it with every other content problem.
      assert.throws(
        () => loadContent(dir),
        (error: unknown) => error instanceof ContentError && /site\.url/.test(error.message),
        bad,
      );
      // EMBLEM_SITE_URL set: the environment wins and the file's value is not needed.
      assert.equal(
        siteUrlSetting({ EMBLEM_SITE_URL: 'https://badges.example.org/' }, dir),
        'https://badges.example.org/',
      );
    }
  });

  test('the issuer schema takes site.url and normalises it (trailing slash, host case)', () => {
    const issuer = loadContent(withUrl).issuer;
    assert.equal(issuer.site?.url, 'https://badges.example.org/program/');
    const base = {
      name: { en: 'x' },
      description: { en: 'x' },
      url: 'https://example.org/',
      email: 'a@example.org',
      logo: '/logo.svg',
    };
    assert.equal(
      issuerSchema.parse({ ...base, site: { url: 'https://example.org' } }).site?.url,
      'https://example.org/',
    );
    assert.equal(issuerSchema.parse(base).site, undefined);
    assert.equal(issuerSchema.safeParse({ ...base, site: { url: 'javascript:alert(1)' } }).success, false);
    assert.equal(issuerSchema.safeParse({ ...base, site: { link: 'https://example.org/' } }).success, false);
  });
});
