import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ContentError,
  validateContent,
  type ContentIssue,
  type RawContent,
} from '../../../../src/lib/content/content-model.ts';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import { set, validRawContent } from '../../../helpers/raw-content.ts';
import { fixtureContent, projectRoot } from '../../../helpers/site-build.ts';

function issuesOf(raw: RawContent): ContentIssue[] {
  try {
    validateContent(raw);
  } catch (error) {
    assert.ok(error instanceof ContentError, `expected ContentError, got ${error}`);
    return error.issues;
  }
  assert.fail('content was accepted but should have been rejected');
}

/** One defect → exactly one issue naming file, record and field, with a plain message. */
function expectIssue(raw: RawContent, expected: { file: string; record: string; field: string; message: RegExp }) {
  const issues = issuesOf(raw);
  assert.equal(issues.length, 1, `expected one issue, got:\n${issues.map((i) => JSON.stringify(i)).join('\n')}`);
  const [issue] = issues;
  assert.equal(issue!.file, expected.file);
  assert.equal(issue!.record, expected.record);
  assert.equal(issue!.field, expected.field);
  assert.match(issue!.message, expected.message);
}

const AWARD_1 = 'award 11111111-1111-4111-8111-111111111111';

describe('content model', () => {
  test('the valid base set and the bundled sample content load', () => {
    const content = validateContent(validRawContent());
    assert.equal(content.awards.length, 2);
    const sample = loadContent(`${projectRoot}/content`, projectRoot);
    assert.ok(sample.awards.length >= 30, 'sample content has a few dozen awards');
    assert.ok(loadContent(fixtureContent).awards.length > 0);
  });

  test('unknown certification referenced by an award', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'badge', 'no-such-cert');
    expectIssue(raw, {
      file: 'content/awards/batch.yaml',
      record: AWARD_1,
      field: 'badge',
      message: /unknown certification or exam "no-such-cert"/,
    });
  });

  test('unknown exam required by a certification', () => {
    const raw = validRawContent();
    set(raw.badgeClasses[4]!.data, 'requires', ['x-200', 'x-999']);
    expectIssue(raw, {
      file: 'content/certifications/cert.yaml',
      record: 'certification cert-a',
      field: 'requires.1',
      message: /unknown exam "x-999"/,
    });
  });

  test('duplicate award ids across batch files', () => {
    const raw = validRawContent();
    raw.awards.push({ file: 'content/awards/other.json', index: 4, data: structuredClone(raw.awards[0]!.data) });
    expectIssue(raw, {
      file: 'content/awards/other.json',
      record: AWARD_1,
      field: 'id',
      message: /duplicate id \(also in content\/awards\/batch\.yaml\)/,
    });
  });

  test('duplicate certification ids', () => {
    const raw = validRawContent();
    raw.badgeClasses.push({
      file: 'content/certifications/copy.yaml',
      index: 0,
      data: structuredClone(raw.badgeClasses[0]!.data),
    });
    const issues = issuesOf(raw);
    assert.ok(
      issues.some(
        (i) =>
          i.file === 'content/certifications/copy.yaml' &&
          i.record === 'certification x-100' &&
          i.field === 'id' &&
          /duplicate id/.test(i.message),
      ),
    );
  });

  test('date-time without a time zone', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'issuedOn', '2025-03-01T09:00:00');
    expectIssue(raw, {
      file: 'content/awards/batch.yaml',
      record: AWARD_1,
      field: 'issuedOn',
      message: /with a time zone/,
    });
  });

  test('a date that does not exist is named as such, not as a missing time zone', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'issuedOn', '2025-02-30T10:00:00+09:00');
    expectIssue(raw, {
      file: 'content/awards/batch.yaml',
      record: AWARD_1,
      field: 'issuedOn',
      message: /is not a real date: February 2025 has 28 days, not 30/,
    });
    set(raw.awards[0]!.data, 'issuedOn', '2024-02-29T10:00:00+09:00');
    validateContent(raw); // leap day
    set(raw.awards[0]!.data, 'issuedOn', '2025-04-31T10:00:00Z');
    expectIssue(raw, {
      file: 'content/awards/batch.yaml',
      record: AWARD_1,
      field: 'issuedOn',
      message: /April 2025 has 30 days, not 31/,
    });
    set(raw.awards[0]!.data, 'issuedOn', '2025-03-01T24:30:00Z');
    expectIssue(raw, {
      file: 'content/awards/batch.yaml',
      record: AWARD_1,
      field: 'issuedOn',
      message: /not a real time of day/,
    });
    const cert = validRawContent();
    set(cert.badgeClasses[3]!.data, 'retiredOn', '2019-13-01');
    expectIssue(cert, {
      file: 'content/certifications/legacy.yaml',
      record: 'certification old-343',
      field: 'retiredOn',
      message: /no month 13/,
    });
  });

  test('expiry before issue', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'expires', '2024-01-01T00:00:00Z');
    expectIssue(raw, {
      file: 'content/awards/batch.yaml',
      record: AWARD_1,
      field: 'expires',
      message: /is not after issuedOn/,
    });
  });

  test('malformed email', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'recipient.email', 'minji@');
    expectIssue(raw, {
      file: 'content/awards/batch.yaml',
      record: AWARD_1,
      field: 'recipient.email',
      message: /not a valid email/,
    });
  });

  for (const unsafe of [
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'vbscript:msgbox',
    '//evil.example.com/x',
  ]) {
    test(`unsafe URL refused: ${unsafe}`, () => {
      const raw = validRawContent();
      set(raw.awards[0]!.data, 'evidence', [{ url: unsafe }]);
      expectIssue(raw, {
        file: 'content/awards/batch.yaml',
        record: AWARD_1,
        field: 'evidence.0.url',
        message: /http\(s\) URL/,
      });
    });
  }

  test('missing translation for a required locale', () => {
    const raw = validRawContent();
    set(raw.badgeClasses[4]!.data, 'name', { ko: '인증 A' });
    expectIssue(raw, {
      file: 'content/certifications/cert.yaml',
      record: 'certification cert-a',
      field: 'name',
      message: /missing translation for en/,
    });
  });

  test('award id must be a UUID (it is the unguessable public URL)', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'id', 'award-1');
    expectIssue(raw, { file: 'content/awards/batch.yaml', record: 'award award-1', field: 'id', message: /UUID/ });
  });

  test('a misspelt field is reported, not silently dropped', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'expiry', '2030-01-01T00:00:00Z');
    expectIssue(raw, {
      file: 'content/awards/batch.yaml',
      record: AWARD_1,
      field: '',
      message: /unknown field\(s\) "expiry"/,
    });
  });

  test('retired entries need their retirement date', () => {
    const raw = validRawContent();
    set(raw.badgeClasses[3]!.data, 'retiredOn', undefined);
    expectIssue(raw, {
      file: 'content/certifications/legacy.yaml',
      record: 'certification old-343',
      field: 'retiredOn',
      message: /required when status is retired/,
    });
  });

  test('all problems are reported together, and the message names each one', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'recipient.email', 'nope');
    set(raw.awards[1]!.data, 'badge', 'ghost');
    const issues = issuesOf(raw);
    assert.equal(issues.length, 2);
    const message = new ContentError(issues).message;
    assert.match(
      message,
      /content\/awards\/batch\.yaml › award 11111111-1111-4111-8111-111111111111 › recipient\.email: is not a valid email address/,
    );
    assert.match(message, /award 22222222-2222-4222-8222-222222222222 › badge: unknown certification or exam "ghost"/);
  });
});
