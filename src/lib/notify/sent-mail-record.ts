/**
 * The sent-mail log: content/state/sent-mail.jsonl, an append-only state log
 * (src/lib/state/append-log.ts) committed with the content, so `notify --send`
 * from CI or from any machine never mails anyone twice.
 *
 * The protocol, per email (key = event:award id[:n]):
 *   sending   written and flushed before the SMTP transaction starts
 *   sent      after the server accepted it (250 to the message data)
 *   rejected  the server refused it for good (5xx): not retried unless asked
 *   deferred  the server answered 4xx, or the connection failed before the
 *             message data was sent: certainly not delivered, due again
 * A key whose last line is `sending` is uncertain: the run died (or lost the
 * connection) between the intent and the answer. It is treated as sent (at
 * most once): the server may have accepted it just before the kill, and we
 * cannot ask. `notify` lists uncertain keys on every run; --resend-uncertain
 * sends them again, with the same Message-ID, so mail systems that
 * de-duplicate by Message-ID drop a copy that did arrive.
 *
 * Lines hold the key (award ids), the status, the time, the Message-ID (a hash
 * of the key) and the SMTP reply code: no address, no name, no server text.
 */
import { parseLog } from '../state/append-log.ts';
import type { NotifyEvent } from './templates.ts';

export const SENT_LOG_FILE = 'state/sent-mail.jsonl';
/** Where the log lived before it was committed with the content (read, then moved by the next --send). */
export const OLD_SENT_LOG_FILE = '.emblem/sent-log.jsonl';

export type SentStatus = 'sending' | 'sent' | 'rejected' | 'deferred';

export interface SentLogLine {
  [field: string]: string | number | undefined;
  key: string;
  event: NotifyEvent;
  award: string;
  status: SentStatus;
  at: string;
  messageId?: string;
  /** The SMTP reply code of a rejected or deferred email. */
  code?: number;
}

/** The outcome of one email, as `dueEmails` reads it. */
export interface SentLogEntry {
  key: string;
  event: NotifyEvent;
  award: string;
  status: 'sent' | 'rejected';
  at: string;
  messageId?: string;
  code?: number;
}

const STATUSES: readonly string[] = ['sending', 'sent', 'rejected', 'deferred'];

/** A problem with one line's fields (naming the field), or undefined. */
export function sentLineProblem(entry: Record<string, unknown>): string | undefined {
  for (const field of ['key', 'event', 'award', 'at'] as const)
    if (typeof entry[field] !== 'string' || !entry[field]) return `field ${field} must be a non-empty string`;
  if (!STATUSES.includes(entry.status as string)) return `field status must be one of ${STATUSES.join(', ')}`;
  if (entry.messageId !== undefined && typeof entry.messageId !== 'string') return 'field messageId must be a string';
  if (entry.code !== undefined && typeof entry.code !== 'number') return 'field code must be a number';
  for (const field of Object.keys(entry))
    if (!['key', 'event', 'award', 'status', 'at', 'messageId', 'code', 'check'].includes(field))
      return `field ${field} is not allowed (the log holds ids only)`;
  return undefined;
}

export interface SentLogState {
  /** Keys whose last line is sent or rejected, or `sending` (uncertain, counted as sent). */
  done: SentLogEntry[];
  /** Keys whose last line is `sending`: the run stopped between the intent and the answer. */
  uncertain: SentLogLine[];
}

/** Each key's last line decides: sent, rejected, uncertain (sending) or due again (deferred). */
export function sentLogState(lines: readonly SentLogLine[], options: { resendUncertain?: boolean } = {}): SentLogState {
  const last = new Map<string, SentLogLine>();
  for (const line of lines) last.set(line.key, line);
  const done: SentLogEntry[] = [];
  const uncertain: SentLogLine[] = [];
  for (const line of last.values()) {
    if (line.status === 'deferred') continue;
    if (line.status === 'sending') {
      uncertain.push(line);
      if (options.resendUncertain) continue;
    }
    const { key, event, award, at, messageId, code } = line;
    done.push({
      key,
      event,
      award,
      status: line.status === 'rejected' ? 'rejected' : 'sent',
      at,
      ...(messageId ? { messageId } : {}),
      ...(code !== undefined ? { code } : {}),
    });
  }
  return { done, uncertain };
}

/**
 * The log of the old location (.emblem/sent-log.jsonl: plain lines, no checks,
 * sometimes the server's error text) as lines for the new one: ids, status and
 * code only. Broken lines (a crash mid-write) are skipped.
 */
export function oldSentLogLines(text: string): SentLogLine[] {
  const lines: SentLogLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    try {
      const entry = JSON.parse(raw) as Partial<SentLogLine> & { error?: string };
      if (typeof entry.key !== 'string' || (entry.status !== 'sent' && entry.status !== 'rejected')) continue;
      const [event, award] = entry.key.split(':');
      lines.push({
        key: entry.key,
        event: (entry.event ?? event) as NotifyEvent,
        award: entry.award ?? award ?? '',
        status: entry.status,
        at: typeof entry.at === 'string' ? entry.at : new Date(0).toISOString(),
        ...(typeof entry.messageId === 'string' ? { messageId: entry.messageId } : {}),
        ...(entry.status === 'rejected' ? { code: Number(/\b([45]\d\d)\b/.exec(entry.error ?? '')?.[1] ?? 550) } : {}),
      });
    } catch {}
  }
  return lines;
}

/** The outcomes a log's text records (its last good line decides per key), for tests and tools. */
export function parseSentLog(text: string, options: { resendUncertain?: boolean } = {}): SentLogEntry[] {
  return sentLogState(parseLog<SentLogLine>(text, sentLineProblem).entries, options).done;
}
