import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  oldSentLogLines,
  sentLineProblem,
  sentLogState,
  type SentLogLine,
} from '../../../../src/lib/notify/sent-mail-record.ts';
import { parseLog, sealLines } from '../../../../src/lib/state/append-log.ts';
import { logAppender, readLogFile } from '../../../../src/lib/state/log-files.ts';

const A = '00000000-0000-4000-8000-000000000001';
const B = '00000000-0000-4000-8000-000000000002';
const line = (key: string, status: SentLogLine['status'], extra: Partial<SentLogLine> = {}): SentLogLine => ({
  key,
  event: key.split(':')[0] as SentLogLine['event'],
  award: key.split(':')[1]!,
  status,
  at: '2026-12-01T00:00:00.000Z',
  ...extra,
});
const three = sealLines('', [
  line(`awarded:${A}`, 'sending'),
  line(`awarded:${A}`, 'sent'),
  line(`published:${B}`, 'sent'),
]).text;

describe('append-only state logs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'emblem-state-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('each line carries a check chained to the line before: a sealed log reads back whole', () => {
    const log = parseLog<SentLogLine>(three, sentLineProblem);
    assert.deepEqual(log.problems, []);
    assert.equal(log.entries.length, 3);
    assert.match(log.entries[2]!.check, /^[0-9a-f]{16}$/);
  });

  test('an edited, removed or moved line stops the reader at that line, naming the field', () => {
    const lines = three.trimEnd().split('\n');
    const edited = [lines[0], lines[1]!.replace('"sent"', '"rejected"'), lines[2]].join('\n') + '\n';
    assert.deepEqual(parseLog(edited, sentLineProblem).problems, [
      { line: 2, message: 'field check does not match: the line or one before it was edited, removed or moved' },
    ]);
    assert.equal(parseLog([lines[0], lines[2]].join('\n') + '\n', sentLineProblem).problems[0]?.line, 2, 'removed');
    assert.equal(parseLog([lines[1], lines[0], lines[2]].join('\n') + '\n', sentLineProblem).problems[0]?.line, 1);
    const withName = sealLines('', [{ ...line(`awarded:${A}`, 'sent'), to: 'kim@example.com' }]).text;
    assert.match(parseLog(withName, sentLineProblem).problems[0]!.message, /field to is not allowed/);
  });

  test('a torn last line (a kill mid-write) is dropped, and the next append replaces it', () => {
    const file = path.join(dir, 'torn.jsonl');
    writeFileSync(file, `${three}{"key":"published:${A}","sta`);
    const log = readLogFile<SentLogLine>(file, sentLineProblem);
    assert.deepEqual(log.problems, []);
    assert.equal(log.entries.length, 3);
    assert.ok(log.tornBytes > 0);
    const append = logAppender<SentLogLine>(file, log);
    append([line(`published:${A}`, 'sending')]);
    append([line(`published:${A}`, 'sent')]);
    const again = readLogFile<SentLogLine>(file, sentLineProblem);
    assert.deepEqual(again.problems, []);
    assert.equal(again.tornBytes, 0);
    assert.equal(again.entries.length, 5);
    assert.ok(readFileSync(file, 'utf8').endsWith('}\n'));
  });

  test('per key the last line decides: sending is uncertain (counted as sent unless resent), deferred is due again', () => {
    const lines = [
      line(`awarded:${A}`, 'sending'),
      line(`published:${B}`, 'sending'),
      line(`published:${B}`, 'deferred', { code: 421 }),
    ];
    const state = sentLogState(lines);
    assert.deepEqual(
      state.done.map((e) => [e.key, e.status]),
      [[`awarded:${A}`, 'sent']],
    );
    assert.deepEqual(
      state.uncertain.map((e) => e.key),
      [`awarded:${A}`],
    );
    assert.deepEqual(sentLogState(lines, { resendUncertain: true }).done, []);
  });

  test('the old .emblem/sent-log.jsonl becomes lines of ids and codes: the server’s text (an address) is dropped', () => {
    const old = [
      JSON.stringify({ key: `awarded:${A}`, event: 'awarded', award: A, status: 'sent', at: '2026-11-01T00:00:00Z' }),
      JSON.stringify({
        key: `revoked:${B}`,
        event: 'revoked',
        award: B,
        status: 'rejected',
        at: '2026-11-01T00:00:00Z',
        error: '550 5.1.1 <kim@example.com>: Recipient address rejected',
      }),
      '{"key":"half',
    ].join('\n');
    const lines = oldSentLogLines(old);
    assert.equal(lines.length, 2);
    assert.equal(lines[1]!.code, 550);
    assert.doesNotMatch(JSON.stringify(lines), /example\.com/);
    assert.deepEqual(parseLog(sealLines('', lines).text, sentLineProblem).problems, []);
  });
});
