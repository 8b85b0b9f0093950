import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import { badgeDecisions } from '../../../../src/lib/eligibility.ts';
import { dueEmails, type SentLogEntry } from '../../../../src/lib/notify/due.ts';
import {
  parseTemplate,
  renderEmail,
  TemplateError,
  type PlaceholderValues,
} from '../../../../src/lib/notify/templates.ts';
import { fixtureContent } from '../../../helpers/site-build.ts';
import { fixtureAward, fixtureModel } from '../../../helpers/fixture-model.ts';
import { placeholderValues } from '../../../../src/lib/notify/compose.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';

const content = loadContent(fixtureContent);
const decisions = badgeDecisions(content.badgeClasses, content.rules);
const PENDING = '00000000-0000-4000-8000-000000000007';
const settings = { reminderAfterDays: 7, maxReminders: 2, expiringDays: 30 };
const sent = (key: string, at: string): SentLogEntry => ({
  key,
  event: key.split(':')[0] as SentLogEntry['event'],
  award: key.split(':')[1]!,
  status: 'sent',
  at,
});
const keysFor = (now: string, log: SentLogEntry[]) =>
  dueEmails(content.awards, decisions, new Date(now), log, settings)
    .map((d) => d.key)
    .filter((k) => k.includes(PENDING));

describe('dueEmails: reminders', () => {
  test('invitation first; a reminder only N days after the last email, at most M', () => {
    assert.deepEqual(keysFor('2026-11-02T00:00:00Z', []), [`awarded:${PENDING}`]);
    const invited = [sent(`awarded:${PENDING}`, '2026-11-02T00:00:00Z')];
    assert.deepEqual(keysFor('2026-11-08T23:00:00Z', invited), [], 'not before 7 days');
    assert.deepEqual(keysFor('2026-11-09T00:00:00Z', invited), [`reminder:${PENDING}:1`]);
    const reminded = [...invited, sent(`reminder:${PENDING}:1`, '2026-11-09T00:00:00Z')];
    assert.deepEqual(keysFor('2026-11-15T00:00:00Z', reminded), []);
    assert.deepEqual(keysFor('2026-11-16T00:00:00Z', reminded), [`reminder:${PENDING}:2`]);
    const twice = [...reminded, sent(`reminder:${PENDING}:2`, '2026-11-16T00:00:00Z')];
    assert.deepEqual(keysFor('2027-06-01T00:00:00Z', twice), [], 'at most two reminders');
  });
  test('a rejected email is not due again unless asked', () => {
    const rejected: SentLogEntry[] = [
      { ...sent(`awarded:${PENDING}`, '2026-11-02T00:00:00Z'), status: 'rejected', code: 550 },
    ];
    assert.deepEqual(keysFor('2026-11-03T00:00:00Z', rejected), []);
    const retry = dueEmails(content.awards, decisions, new Date('2026-11-03T00:00:00Z'), rejected, {
      ...settings,
      retryRejected: true,
    });
    assert.ok(retry.some((d) => d.key === `awarded:${PENDING}`));
  });
  test('expiring is due within N days of expiry, once per expiry date, and never after it', () => {
    const id = '00000000-0000-4000-8000-000000000013';
    const at = (now: string) =>
      dueEmails(content.awards, decisions, new Date(now), [], settings)
        .filter((d) => d.award.id === id)
        .map((d) => d.event);
    assert.deepEqual(at('2026-11-01T00:00:00Z'), ['published']);
    assert.deepEqual(at('2026-11-26T00:00:00Z'), ['published', 'expiring']);
    assert.deepEqual(at('2026-12-21T00:00:00Z'), []);
  });
});

describe('email templates', () => {
  const values = Object.fromEntries(
    [
      'name',
      'badge',
      'issuer',
      'issuerUrl',
      'issuerEmail',
      'issuedOn',
      'expires',
      'revokedOn',
      'reason',
      'pageUrl',
      'claimUrl',
      'verifyUrl',
      'supportUrl',
      'reminderNumber',
    ].map((k) => [k, '']),
  ) as PlaceholderValues;
  test('values are escaped in HTML, cannot inject Markdown, and links keep their target', () => {
    const template = parseTemplate(
      '---\nsubject: "Hi {{name}}"\n---\nHello **{{name}}**\n\n[Open]({{pageUrl}})\n',
      'x.en.md',
      'published',
      'en',
    );
    const out = renderEmail(template, { ...values, name: '*Bob* <b>&', pageUrl: 'https://e.org/a?b=1&c=2' }, 'en');
    assert.equal(out.subject, 'Hi *Bob* <b>&');
    assert.match(out.html, /<strong>\*Bob\* &lt;b&gt;&amp;<\/strong>/);
    assert.match(out.html, /<a href="https:\/\/e\.org\/a\?b=1&amp;c=2">Open<\/a>/);
    assert.match(out.text, /Hello \*Bob\* <b>&\n\nOpen: https:\/\/e\.org\/a\?b=1&c=2/);
  });
  test('an unknown placeholder or a stray brace names the file and line', () => {
    assert.throws(
      () => parseTemplate('---\nsubject: Hi\n---\nline one\n{{nmae}}\n', 'a.ko.md', 'awarded', 'ko'),
      (e: Error) => e instanceof TemplateError && /^a\.ko\.md:5: unknown placeholder \{\{nmae\}\}/.test(e.message),
    );
    assert.throws(
      () => parseTemplate('---\nsubject: Hi {{badge}\n---\nbody\n', 'a.ko.md', 'awarded', 'ko'),
      /a\.ko\.md:2: unbalanced/,
    );
  });
});

describe("the earner's link to their award page", () => {
  test('opens the page\'s "For the earner" section by a fragment (issue 29); the address itself stays the canonical one', () => {
    const model = fixtureModel();
    const { badgeClass, award: published } = fixtureAward(model, 1);
    const award = content.awards.find((a) => a.id === published.id)!;
    const urls = siteUrls('https://badges.example.org/');
    const values = placeholderValues(
      { key: `published:${award.id}`, event: 'published', award },
      { issuer: model.issuer, badgeClass, urls },
    );
    assert.equal(values.pageUrl, `https://badges.example.org/badges/${award.id}/#for-earner`);
  });
});
