/**
 * `notify --send` killed mid-run (SIGKILL, no clean-up) twice, then run to the
 * end: every due email arrives exactly once. The SMTP server is real
 * (smtp-server, in process) and does the killing, at the two worst moments:
 * once when a message has fully arrived but before the server answered 250
 * (the sender cannot know it was taken), once right after the answer (before
 * the sender could record it).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { loadContent } from '../../src/lib/content/content-files.ts';
import { badgeDecisions } from '../../src/lib/eligibility.ts';
import { dueEmails } from '../../src/lib/notify/due.ts';
import { sentLineProblem, sentLogState, type SentLogLine } from '../../src/lib/notify/sent-mail-record.ts';
import { parseLog } from '../../src/lib/state/append-log.ts';
import { contentCopy } from '../helpers/mail.ts';
import { FIXTURE_NOW, projectRoot } from '../helpers/site-build.ts';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

describe('notify --send killed mid-run', () => {
  /** Message-IDs in order of arrival. */
  const arrived: string[] = [];
  /** Called with the count of arrived messages, before (`early`) and after (`late`) the server answers. */
  let onArrival: { early?: (count: number) => unknown; late?: (count: number) => void } = {};
  let server: SMTPServer;
  let url = '';

  before(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          const id = /^message-id:\s*(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '?';
          arrived.push(id);
          // The sender waits for the answer while `early` runs (it may start another run meanwhile).
          await onArrival.early?.(arrived.length);
          callback();
          onArrival.late?.(arrived.length);
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** notify on a content folder; `cwd` is where the old .emblem/sent-log.jsonl would be (default: the project). */
  function notify(dir: string, args: string[], cwd = projectRoot): { child: ChildProcess; done: Promise<Run> } {
    const child = spawn(
      process.execPath,
      [
        path.join(projectRoot, 'scripts/notify.ts'),
        '--content',
        dir,
        '--lang',
        'en',
        '--outbox',
        path.join(dir, 'outbox'),
        ...args,
      ],
      {
        cwd,
        env: {
          ...process.env,
          EMBLEM_NOW: FIXTURE_NOW,
          EMBLEM_SITE_URL: 'https://badges.example.org/',
          EMBLEM_CLAIM_SECRET: 'notify-crash-test-claim-secret-0123456789abcdef',
          EMBLEM_SMTP_URL: url,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    const done = new Promise<Run>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    );
    return { child, done };
  }

  /** The emails due for a content folder as notify --send sees them at the fixture's moment, with none sent yet. */
  const dueOf = (dir: string) => {
    const content = loadContent(dir, dir);
    return dueEmails(content.awards, badgeDecisions(content.badgeClasses, content.rules), new Date(FIXTURE_NOW), [], {
      reminderAfterDays: 7,
      maxReminders: 2,
      expiringDays: 30,
    });
  };

  test('two kills, then a full run: each due email arrives exactly once', async () => {
    const dir = contentCopy('notify-crash');
    const due = dueOf(dir).length;
    assert.ok(due >= 6, `enough emails to kill twice in between (${due})`);

    // While the 1st message waits for its answer, a second run on the same log is refused: two runs never overlap.
    // Kill 1: the 2nd message is in the server, not yet answered.
    const first = notify(dir, ['--send', '--rate', '1000']);
    let overlapping: Run | undefined;
    onArrival = {
      early: async (n) => {
        if (n === 1) overlapping = await notify(dir, ['--send', '--rate', '1000']).done;
        if (n === 2) first.child.kill('SIGKILL');
      },
    };
    assert.equal((await first.done).signal, 'SIGKILL');
    assert.equal(overlapping?.code, 1);
    assert.match(overlapping!.stderr, /Another notify --send \(process \d+\) is sending/);
    // Kill 2: two messages later, just after the server's 250.
    const second = notify(dir, ['--send', '--rate', '1000']);
    onArrival = { late: (n) => n === 4 && second.child.kill('SIGKILL') };
    assert.equal((await second.done).signal, 'SIGKILL');
    onArrival = {};
    const last = await notify(dir, ['--send', '--rate', '1000']).done;
    assert.equal(last.code, 0, last.stdout);

    assert.equal(arrived.length, due, `every due email arrived (${arrived.length} of ${due})`);
    assert.equal(new Set(arrived).size, arrived.length, 'none twice');
    // The log says the same: sent for all but those a kill left uncertain (counted as sent, not sent again).
    const log = parseLog<SentLogLine>(readFileSync(path.join(dir, 'state/sent-mail.jsonl'), 'utf8'), sentLineProblem);
    assert.deepEqual(log.problems, []);
    const state = sentLogState(log.entries);
    assert.equal(state.done.length, due);
    assert.deepEqual(new Set(state.done.map((e) => e.messageId)), new Set(arrived));
    assert.ok(state.uncertain.length >= 1 && state.uncertain.length <= 2, `${state.uncertain.length} uncertain`);
    assert.match(last.stdout, /may or may not have arrived/);
    // Nothing personal in the committed log: ids, statuses, times, hashes.
    assert.doesNotMatch(readFileSync(path.join(dir, 'state/sent-mail.jsonl'), 'utf8'), /@mail\.example|Fixture/i);
  });

  test('the log at its old place (.emblem/sent-log.jsonl) counts, and --send moves it into the content, saying so', async () => {
    const dir = contentCopy('notify-old-log');
    const due = dueOf(dir);
    // Everything but the last email was sent from a laptop, before the log moved; one line holds a server's text.
    const old = due.slice(0, -1).map((d, i) =>
      JSON.stringify({
        key: d.key,
        event: d.event,
        award: d.award.id,
        at: '2026-11-20T00:00:00.000Z',
        ...(i === 0 ? { status: 'rejected', error: `550 <${d.award.recipient.email}> unknown` } : { status: 'sent' }),
      }),
    );
    const cwd = path.join(dir, 'checkout');
    mkdirSync(path.join(cwd, '.emblem'), { recursive: true });
    symlinkSync(path.join(projectRoot, 'public'), path.join(cwd, 'public'));
    writeFileSync(path.join(cwd, '.emblem/sent-log.jsonl'), `${old.join('\n')}\n`);
    arrived.length = 0;
    const run = await notify(dir, ['--send', '--rate', '1000'], cwd).done;
    assert.equal(run.code, 0, run.stdout);
    assert.match(
      run.stdout,
      new RegExp(
        `Moved ${old.length} line\\(s\\) of .emblem/sent-log.jsonl into .*state/sent-mail.jsonl \\(commit it\\)`,
      ),
    );
    assert.equal(arrived.length, 1, 'only the email the old log did not have');
    assert.ok(existsSync(path.join(cwd, '.emblem/sent-log.jsonl.migrated')));
    assert.ok(!existsSync(path.join(cwd, '.emblem/sent-log.jsonl')));
    const moved = readFileSync(path.join(dir, 'state/sent-mail.jsonl'), 'utf8');
    assert.doesNotMatch(moved, /@mail\.example/, "the server's text with the address stayed behind");
    assert.equal(parseLog<SentLogLine>(moved, sentLineProblem).entries.length, old.length + 2);
  });
});
