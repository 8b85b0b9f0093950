/**
 * `npm run notify` against a real SMTP server in-process: what arrives is
 * parsed with mailparser. Runs the command as a user does (child process).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { parseClaimFragment } from '../../src/lib/claims/claim-link.ts';
import { isValidClaimToken, isValidToken } from '../../src/lib/claims/token.ts';
import { parseSentLog } from '../../src/lib/notify/sent-mail-record.ts';
import { contentCopy, startMailServer, type TestMailServer } from '../helpers/mail.ts';
import { FIXTURE_NOW, projectRoot } from '../helpers/site-build.ts';

const SECRET = 'notify-test-claim-secret-0123456789abcdefghij';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function notify(contentDir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        'scripts/notify.ts',
        '--content',
        contentDir,
        '--sent-log',
        path.join(contentDir, 'sent-log.jsonl'),
        '--outbox',
        path.join(contentDir, 'outbox'),
        '--lang',
        'en',
        ...args,
      ],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          EMBLEM_NOW: FIXTURE_NOW,
          EMBLEM_SITE_URL: 'https://badges.example.org/',
          EMBLEM_CLAIM_SECRET: SECRET,
          ...env,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const sentLog = (dir: string) => parseSentLog(readFileSync(path.join(dir, 'sent-log.jsonl'), 'utf8'));
const header = (mail: { headers: Map<string, unknown> }, name: string) => String(mail.headers.get(name) ?? '');

describe('notify over SMTP', () => {
  let smtp: TestMailServer;
  before(async () => {
    smtp = await startMailServer();
  });
  after(async () => {
    await smtp.close();
  });

  test('dry run writes one parseable .eml per due email and records nothing', async () => {
    const dir = contentCopy('notify-dry');
    const run = await notify(dir, []);
    assert.equal(run.code, 0, run.stderr);
    const files = readdirSync(path.join(dir, 'outbox'));
    assert.ok(files.includes(`awarded_${id(7)}.eml`), files.join(', '));
    const mail = await simpleParser(readFileSync(path.join(dir, 'outbox', `awarded_${id(7)}.eml`)));
    assert.equal(
      mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : '',
      'fixture.pending@mail.example.com',
    );
    assert.ok(mail.text && mail.html, 'both parts');
    assert.equal(smtp.received.length, 0);
    assert.throws(() => readFileSync(path.join(dir, 'sent-log.jsonl')), /ENOENT/);
  });

  test('sends each due email once, in the earner’s language, with both parts and a working claim link', async () => {
    const dir = contentCopy('notify-send');
    // The pending award's earner reads English; everyone else gets the issuer's default (Korean).
    const awardsFile = path.join(dir, 'awards/fixture-awards.yaml');
    writeFileSync(
      awardsFile,
      readFileSync(awardsFile, 'utf8').replace('    claim: pending\n', '    claim: pending\n    locale: en\n'),
    );
    smtp.received.length = 0;
    const first = await notify(dir, ['--send', '--rate', '50'], { EMBLEM_SMTP_URL: smtp.url });
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const to = (address: string) => smtp.received.filter((m) => JSON.stringify(m.to).includes(address));

    const [invitation] = to('fixture.pending@mail.example.com');
    assert.ok(invitation);
    assert.equal(header(invitation, 'x-emblem-event'), 'awarded');
    assert.equal(header(invitation, 'content-language'), 'en');
    assert.match(invitation.subject ?? '', /ready to claim/);
    const link = /https:\/\/badges\.example\.org\/en\/claim\/#\S+/.exec(invitation.text ?? '')?.[0];
    assert.ok(link, invitation.text || 'no text part');
    assert.ok(
      (invitation.html || '').includes('href="https://badges.example.org/en/claim/#v=1&amp;a='),
      'the HTML part links the same claim page',
    );
    const parsed = parseClaimFragment(new URL(link).hash);
    assert.ok(parsed.ok);
    assert.equal(parsed.data.awardId, id(7));
    assert.ok(isValidClaimToken(SECRET, parsed.data.awardId, parsed.data.badgeId, parsed.data.token));
    // The manage link, for later: the same page, its own token (which cannot claim).
    const manageLink = /https:\/\/badges\.example\.org\/en\/claim\/#[^\s)>\]]*&p=m/.exec(invitation.text ?? '')?.[0];
    assert.ok(manageLink, invitation.text || 'no text part');
    const manage = parseClaimFragment(new URL(manageLink).hash);
    assert.ok(manage.ok);
    assert.equal(manage.data.purpose, 'manage');
    assert.equal(manage.data.awardId, id(7));
    assert.ok(isValidToken('manage', SECRET, id(7), manage.data.badgeId, manage.data.token));
    assert.ok(!isValidClaimToken(SECRET, id(7), manage.data.badgeId, manage.data.token));
    assert.ok((invitation.html || '').includes('p=m"'), 'the HTML part links it too');

    const [revoked] = to('fixture.revoked@mail.example.com');
    assert.equal(header(revoked!, 'x-emblem-event'), 'revoked');
    assert.equal(header(revoked!, 'content-language'), 'ko');
    assert.match(revoked!.subject ?? '', /취소되었습니다/);
    assert.match(revoked!.text ?? '', /testing-policy investigation/);

    const expiring = to('fixture.expiring@mail.example.com').map((m) => header(m, 'x-emblem-event'));
    assert.deepEqual(expiring.sort(), ['expiring', 'published']);

    // Names with markup are text in the HTML part, verbatim in the text part.
    const [tricky] = to('fixture.tricky@mail.example.com');
    assert.ok(tricky!.text?.includes('</script><script>alert(1)</script>'));
    assert.ok(!(tricky!.html || '').includes('<script>alert(1)'));
    assert.ok((tricky!.html || '').includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));

    // No email for private, ineligible or already-expired awards.
    for (const address of [
      'fixture.private@',
      'fixture.singleexam@',
      'fixture.excluded@',
      'fixture.nobadge@',
      'fixture.expired@',
    ]) {
      assert.deepEqual(to(address), [], address);
    }
    const keys = sentLog(dir).map((e) => e.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(keys.length, smtp.received.length);

    const second = await notify(dir, ['--send'], { EMBLEM_SMTP_URL: smtp.url });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /No email is due/);
    assert.equal(smtp.received.length, keys.length, 'nothing sent twice');
  });

  test('a run that stops half-way resumes where it stopped, without duplicates', async () => {
    const dir = contentCopy('notify-resume');
    smtp.received.length = 0;
    smtp.failAfter = 3;
    const broken = await notify(dir, ['--send', '--rate', '50'], { EMBLEM_SMTP_URL: smtp.url });
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /Sending stopped at .*421/s);
    assert.equal(sentLog(dir).length, 3);
    smtp.failAfter = Number.POSITIVE_INFINITY;
    const resumed = await notify(dir, ['--send', '--rate', '50'], { EMBLEM_SMTP_URL: smtp.url });
    assert.equal(resumed.code, 0, resumed.stderr);
    const ids = smtp.received.map((m) => `${header(m, 'x-emblem-event')} ${JSON.stringify(m.to)}`);
    assert.equal(new Set(ids).size, ids.length, 'no email arrived twice');
    assert.ok(smtp.received.length > 3);
    assert.equal(sentLog(dir).length, smtp.received.length);
  });

  test('a rejected recipient is recorded, reported and not retried; the others are delivered', async () => {
    const dir = contentCopy('notify-reject');
    smtp.received.length = 0;
    smtp.rejectRecipients.add('fixture.revoked@mail.example.com');
    try {
      const run = await notify(dir, ['--send', '--rate', '50'], { EMBLEM_SMTP_URL: smtp.url });
      assert.equal(run.code, 1);
      assert.match(run.stderr, new RegExp(`REJECTED revoked:${id(4)}: `));
      assert.ok(!run.stderr.includes('fixture.revoked@'), 'no address in the output (CI logs)');
      const entry = sentLog(dir).find((e) => e.key === `revoked:${id(4)}`);
      assert.equal(entry?.status, 'rejected');
      assert.ok(smtp.received.length > 0);
      const again = await notify(dir, ['--send'], { EMBLEM_SMTP_URL: smtp.url });
      assert.match(again.stdout, /No email is due/);
    } finally {
      smtp.rejectRecipients.clear();
    }
  });

  test('an unknown placeholder or a missing translation stops with the file and line', async () => {
    const dir = contentCopy('notify-template');
    const file = path.join(dir, 'emails/published.en.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Hello {{name}},', 'Hello {{fullName}},'));
    const run = await notify(dir, []);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /emails\/published\.en\.md:4: unknown placeholder \{\{fullName\}\}/);
    writeFileSync(file, 'Hello\n');
    const noSubject = await notify(dir, []);
    assert.match(noSubject.stderr, /emails\/published\.en\.md:1: must start with a frontmatter block/);
    cpSync(path.join(projectRoot, 'content/emails/published.en.md'), file);
    rmSync(path.join(dir, 'emails/revoked.ko.md'));
    const missing = await notify(dir, []);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /emails\/revoked\.ko\.md: missing: the "revoked" email has no ko translation/);
  });

  test('with EMBLEM_DKIM_* every message carries a DKIM signature', async () => {
    const dir = contentCopy('notify-dkim');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    smtp.received.length = 0;
    const run = await notify(dir, ['--send', '--rate', '50', '--events', 'revoked'], {
      EMBLEM_SMTP_URL: smtp.url,
      EMBLEM_DKIM_DOMAIN: 'nuritech.example.org',
      EMBLEM_DKIM_SELECTOR: 'emblem',
      EMBLEM_DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(smtp.received.length, 1);
    const signature = smtp.received[0]!.headerLines.find((h) => h.key === 'dkim-signature')?.line ?? '';
    assert.match(signature, /d=nuritech\.example\.org/);
    assert.match(signature, /s=emblem/);
  });

  test('--send without EMBLEM_SMTP_URL is a usage error', async () => {
    const dir = contentCopy('notify-nosmtp');
    const run = await notify(dir, ['--send'], { EMBLEM_SMTP_URL: '' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /EMBLEM_SMTP_URL/);
  });
});
