/** Pieces both formats share: validity period, text of a field, award page link. */
import { sitePaths } from '../site-urls.ts';
import { step } from './messages.ts';
import { isObject } from './input.ts';
import type { VerifierSite } from './site.ts';
import type { Step } from './types.ts';

export function validityStep(from: string, until: string | undefined, now: Date): Step {
  if (Date.parse(from) > now.getTime())
    return step('validity', 'failed', 'verify.validity.notYet', { date: { date: from } }, { reason: 'not-yet-valid' });
  if (until && Date.parse(until) <= now.getTime())
    return step('validity', 'failed', 'verify.validity.expired', { date: { date: until } }, { reason: 'expired' });
  if (until)
    return step('validity', 'passed', 'verify.validity.until', { from: { date: from }, until: { date: until } });
  return step('validity', 'passed', 'verify.validity.open', { from: { date: from } });
}

/** A plain string, or the first value of a language map ({"@value"} or {ko, en}). */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return textOf(value[0]);
  if (isObject(value)) return textOf(value['@value'] ?? Object.values(value)[0]);
  return undefined;
}

/** The award page on this site for a credential or assertion id, when it is one of ours. */
export function awardPageOf(id: unknown, site: VerifierSite): string | undefined {
  if (typeof id !== 'string') return undefined;
  const uuid = /^urn:uuid:([0-9a-f-]{36})$/i.exec(id)?.[1];
  if (uuid) return site.urls.url(sitePaths.awardPage(uuid));
  if (!site.owns(id)) return undefined;
  const relative = new URL(id).pathname.slice(site.urls.base.length);
  const match = /^badges\/([^/]+)\//.exec(relative);
  return match ? site.urls.url(sitePaths.awardPage(match[1]!)) : undefined;
}
