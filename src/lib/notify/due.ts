/**
 * Which notification emails are due: a pure function of the content, the
 * moment and the sent log. Each email has a stable key; an email whose key
 * is in the log as sent (or rejected) is never due again, so running
 * `notify` twice sends nothing twice and a run that stopped half-way resumes.
 *
 *   awarded:<id>            a pending award: the claim invitation
 *   reminder:<id>:<n>       still pending `reminderAfterDays` after the last
 *                           invitation or reminder; at most `maxReminders`
 *   published:<id>          a public, accepted award that has its page
 *   expiring:<id>:<expires> `expiringDays` or fewer before it expires
 *   revoked:<id>            revoked (no other email after that)
 */
import type { BadgeDecision } from '../eligibility.ts';
import { publicationDecision } from '../eligibility.ts';
import type { Award } from '../content/schema.ts';
import type { SentLogEntry } from './sent-mail-record.ts';
import type { NotifyEvent } from './templates.ts';

export type { SentLogEntry };

export interface DueSettings {
  reminderAfterDays: number;
  maxReminders: number;
  expiringDays: number;
  /** Only these events (default: all). */
  events?: readonly NotifyEvent[];
  /** Try rejected recipients again. */
  retryRejected?: boolean;
}

export interface DueEmail {
  key: string;
  event: NotifyEvent;
  award: Award;
  /** For reminders: 1, 2, … */
  reminderNumber?: number;
}

const DAY = 86_400_000;

export function dueEmails(
  awards: readonly Award[],
  decisions: ReadonlyMap<string, BadgeDecision>,
  now: Date,
  log: readonly SentLogEntry[],
  settings: DueSettings,
): DueEmail[] {
  const done = new Map<string, SentLogEntry>();
  for (const entry of log) if (entry.status === 'sent' || !settings.retryRejected) done.set(entry.key, entry);
  const sentAt = (key: string) => {
    const entry = done.get(key);
    return entry?.status === 'sent' ? Date.parse(entry.at) : undefined;
  };
  const wanted = (event: NotifyEvent) => !settings.events || settings.events.includes(event);
  const due: DueEmail[] = [];
  const add = (key: string, event: NotifyEvent, award: Award, extra: Partial<DueEmail> = {}) => {
    if (wanted(event) && !done.has(key)) due.push({ key, event, award, ...extra });
  };
  const t = now.getTime();
  for (const award of awards) {
    const decision = decisions.get(award.badge);
    if (!decision?.hasBadge) continue;
    if (award.revoked) {
      if (Date.parse(award.revoked.on) <= t) add(`revoked:${award.id}`, 'revoked', award);
      continue;
    }
    const expired = award.expires !== undefined && Date.parse(award.expires) <= t;
    if (award.claim === 'pending') {
      if (expired) continue;
      add(`awarded:${award.id}`, 'awarded', award);
      const invited = sentAt(`awarded:${award.id}`);
      if (invited === undefined) continue;
      let last = invited;
      let count = 0;
      for (let n = 1; n <= settings.maxReminders; n++) {
        const at = sentAt(`reminder:${award.id}:${n}`);
        if (at === undefined) break;
        last = at;
        count = n;
      }
      if (count < settings.maxReminders && t - last >= settings.reminderAfterDays * DAY) {
        add(`reminder:${award.id}:${count + 1}`, 'reminder', award, { reminderNumber: count + 1 });
      }
      continue;
    }
    if (publicationDecision(award, decision, new Date(t)).published && !expired)
      add(`published:${award.id}`, 'published', award);
    if (award.expires && !expired && Date.parse(award.expires) - t <= settings.expiringDays * DAY) {
      add(`expiring:${award.id}:${award.expires}`, 'expiring', award);
    }
  }
  return due;
}
