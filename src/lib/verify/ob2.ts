/**
 * Open Badges 2.0 hosted steps: format, hosted copy (the issuer's copy on this
 * site is the authority: it must match and not be revoked), issuer (badge
 * class and issuer profile on this site), status, validity. OB 2.0 hosted
 * badges carry no signature.
 */
import { errorText, skipped, step } from './messages.ts';
import { asArray, FetchFailure, fetchSiteJson, isObject, type Json } from './input.ts';
import type { VerifierSite } from './site.ts';
import type { BadgeSummary, Step } from './types.ts';
import { awardPageOf, textOf, validityStep } from './common.ts';

const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';
const HAS_TIME_ZONE = /(Z|[+-]\d\d:?\d\d)$/;

export interface Ob2Context {
  site: VerifierSite;
  fetch: typeof fetch;
  now: Date;
  emit: (step: Step) => void;
}

export function isRevokedNotice(doc: Json): boolean {
  return doc.revoked === true && doc.badge === undefined;
}

export function ob2FormatProblem(doc: Json): string | undefined {
  if (!asArray(doc['@context']).includes(OB2_CONTEXT)) return '@context';
  if (!asArray(doc.type).includes('Assertion')) return 'type (Assertion)';
  if (typeof doc.id !== 'string') return 'id';
  const recipient = doc.recipient;
  if (!isObject(recipient) || typeof recipient.type !== 'string' || typeof recipient.identity !== 'string')
    return 'recipient';
  if (typeof doc.badge !== 'string' && !(isObject(doc.badge) && typeof doc.badge.id === 'string')) return 'badge';
  const verification = doc.verification;
  if (!isObject(verification) || !['hosted', 'HostedBadge'].includes(String(verification.type)))
    return 'verification (hosted)';
  if (typeof doc.issuedOn !== 'string' || Number.isNaN(Date.parse(doc.issuedOn)) || !HAS_TIME_ZONE.test(doc.issuedOn))
    return 'issuedOn';
  if (doc.expires !== undefined && (typeof doc.expires !== 'string' || Number.isNaN(Date.parse(doc.expires))))
    return 'expires';
  return undefined;
}

export async function verifyOb2(
  given: Json,
  fetchedFrom: string | undefined,
  context: Ob2Context,
): Promise<BadgeSummary> {
  const { site, emit } = context;
  const summary: BadgeSummary = { format: 'ob2' };
  const page = awardPageOf(given.id, site);
  if (page) summary.awardPage = page;
  const rest = ['hosted', 'issuer', 'status', 'validity'] as const;

  const revokedNotice = isRevokedNotice(given);
  const problem = revokedNotice ? (typeof given.id === 'string' ? undefined : 'id') : ob2FormatProblem(given);
  if (problem) {
    emit(step('format', 'failed', 'verify.format.missing', { field: problem }, { reason: 'malformed' }));
    for (const id of rest) emit(skipped(id));
    return summary;
  }
  emit(step('format', 'passed', revokedNotice ? 'verify.format.ob2Revoked' : 'verify.format.ob2'));

  // Hosted copy: fetched from the assertion's own id, which must be on this site.
  const id = given.id as string;
  let hosted: Json;
  try {
    hosted = fetchedFrom === id ? given : await fetchSiteJson(site, context.fetch, id);
    if (hosted.id !== id) throw new Error(`the hosted copy's id "${String(hosted.id)}" is not ${id}`);
  } catch (error) {
    if (error instanceof FetchFailure && !site.owns(error.url)) {
      emit(step('hosted', 'failed', 'verify.format.offSite', { site: site.urls.site }, { reason: 'off-site' }));
    } else {
      const detail = error instanceof FetchFailure ? `${error.url}: ${error.message}` : errorText(error);
      emit(step('hosted', 'failed', 'verify.hosted.failed', { detail }, { reason: 'unreachable', detail }));
    }
    for (const id of ['issuer', 'status', 'validity'] as const) emit(skipped(id));
    return summary;
  }
  if (hosted.revoked === true) {
    emit(step('hosted', 'failed', 'verify.hosted.revoked', { url: id }, { reason: 'revoked' }));
    emit(skipped('issuer'));
    const reason = textOf(hosted.revocationReason);
    emit(
      reason
        ? step('status', 'failed', 'verify.status.revokedReason', { reason }, { reason: 'revoked' })
        : step('status', 'failed', 'verify.status.revoked', {}, { reason: 'revoked' }),
    );
    emit(skipped('validity'));
    return summary;
  }
  if (stableJson(hosted) !== stableJson(given)) {
    emit(step('hosted', 'failed', 'verify.hosted.differs', { url: id }, { reason: 'tampered' }));
    for (const id of ['issuer', 'status', 'validity'] as const) emit(skipped(id));
    return summary;
  }
  emit(step('hosted', 'passed', 'verify.hosted.matches', { url: id }));

  emit(await issuerStep(hosted, summary, context));
  emit(step('status', 'passed', 'verify.status.ob2NotRevoked'));
  emit(validityStep(hosted.issuedOn as string, hosted.expires as string | undefined, context.now));
  summary.issuedOn = hosted.issuedOn as string;
  if (typeof hosted.expires === 'string') summary.expires = hosted.expires;
  return summary;
}

/** Badge class and issuer profile are this site's files, with ids equal to their URLs,
 * and the assertion lives on the issuer's host (the hosted-verification rule). */
async function issuerStep(assertion: Json, summary: BadgeSummary, context: Ob2Context): Promise<Step> {
  const { site } = context;
  try {
    const badgeUrl = typeof assertion.badge === 'string' ? assertion.badge : ((assertion.badge as Json).id as string);
    const badge = await fetchSiteJson(site, context.fetch, badgeUrl);
    if (badge.id !== badgeUrl || !asArray(badge.type).includes('BadgeClass'))
      throw new Error(`${badgeUrl} is not a BadgeClass with that id`);
    const issuerUrl =
      typeof badge.issuer === 'string' ? badge.issuer : isObject(badge.issuer) ? String(badge.issuer.id) : '';
    const issuer = await fetchSiteJson(site, context.fetch, issuerUrl);
    if (issuer.id !== issuerUrl || !asArray(issuer.type).some((t) => t === 'Issuer' || t === 'Profile'))
      throw new Error(`${issuerUrl} is not an issuer profile with that id`);
    if (new URL(issuerUrl).host !== new URL(assertion.id as string).host)
      throw new Error('the assertion is not on the issuer’s host');
    const badgeName = textOf(badge.name);
    const issuerName = textOf(issuer.name);
    if (badgeName) summary.badgeName = badgeName;
    if (issuerName) summary.issuerName = issuerName;
    summary.badgeId = badgeUrl;
    summary.issuerId = issuerUrl;
    // This site's issuer profile: named in each message's language when the caller knows those names.
    return step('issuer', 'passed', 'verify.issuer.ob2Passed', {
      name: { byLocale: site.issuerName ?? {}, fallback: issuerName ?? issuerUrl },
    });
  } catch (error) {
    const detail = error instanceof FetchFailure ? `${error.url}: ${error.message}` : errorText(error);
    return step('issuer', 'failed', 'verify.issuer.ob2Failed', { detail }, { reason: 'other-issuer', detail });
  }
}

/** JSON with object keys sorted, so two copies compare by content, not key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
