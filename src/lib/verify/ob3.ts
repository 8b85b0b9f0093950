/**
 * Open Badges 3.0 steps: format, signature, issuer, status (BitstringStatusList),
 * validity period.
 */
import { errorText, skipped, step } from './messages.ts';
import { asArray, FetchFailure, fetchSiteJson, isObject, type Json } from './input.ts';
import { checkProofs, type ProofFailure, type SignedBy, type SiteKeys } from './signature.ts';
import type { VerifierSite } from './site.ts';
import type { BadgeSummary, CheckedStatusList, Step } from './types.ts';
import { awardPageOf, textOf, validityStep } from './common.ts';
import { decodeStatusBits } from './status-bits.ts';

const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const OB3_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d+\.\d+)?\.json$/;
const STATUS_PURPOSES = new Set(['revocation', 'suspension']);

export interface Ob3Context {
  site: VerifierSite;
  fetch: typeof fetch;
  keys: SiteKeys;
  /** Status lists already checked, shared between calls by a caller that verifies many credentials. */
  statusLists?: Map<string, Promise<CheckedStatusList>> | undefined;
  now: Date;
  emit: (step: Step) => void;
}

export function issuerIdOf(credential: Json): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  return isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

/** XML Schema dateTimeStamp, as VC 2.0 §4.9 requires of validFrom and validUntil (a time zone is required). */
const DATE_TIME_STAMP = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isDateTimeStamp(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME_STAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Every field that breaks the VC Data Model 2.0 rules this verifier checks (base context,
 * VerifiableCredential type, issuer a URL, validity dates as dateTimeStamp, validUntil not
 * before validFrom), in that order; empty when none does. Fields that are absent here are
 * the Open Badges layer's business (it requires validFrom).
 */
export function vcProblems(credential: Json): string[] {
  const problems: string[] = [];
  if (asArray(credential['@context'])[0] !== VC_V2) problems.push('@context');
  if (!asArray(credential.type).includes('VerifiableCredential')) problems.push('type (VerifiableCredential)');
  const issuer = issuerIdOf(credential);
  if (!issuer || !URL.canParse(issuer)) problems.push('issuer');
  const { validFrom, validUntil } = credential;
  if (validFrom !== undefined && !isDateTimeStamp(validFrom)) problems.push('validFrom');
  if (validUntil !== undefined && !isDateTimeStamp(validUntil)) problems.push('validUntil');
  else if (isDateTimeStamp(validFrom) && isDateTimeStamp(validUntil) && Date.parse(validUntil) < Date.parse(validFrom))
    problems.push('validUntil');
  return problems;
}

/** The first field that makes this not an OB 3.0 credential, or undefined. */
export function ob3FormatProblem(credential: Json): string | undefined {
  const contexts = asArray(credential['@context']);
  if (contexts[0] !== VC_V2) return '@context';
  if (!contexts.some((c) => typeof c === 'string' && OB3_CONTEXT.test(c))) return '@context (Open Badges 3.0)';
  const types = asArray(credential.type);
  if (!types.includes('VerifiableCredential')) return 'type (VerifiableCredential)';
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential'))
    return 'type (OpenBadgeCredential)';
  if (typeof credential.id !== 'string') return 'id';
  if (typeof credential.validFrom !== 'string') return 'validFrom';
  const vc = vcProblems(credential)[0];
  if (vc) return vc;
  const subject = credential.credentialSubject;
  if (!isObject(subject)) return 'credentialSubject';
  if (!isObject(subject.achievement)) return 'credentialSubject.achievement';
  if (typeof subject.achievement.id !== 'string') return 'credentialSubject.achievement.id';
  if (!textOf(subject.achievement.name)) return 'credentialSubject.achievement.name';
  return undefined;
}

export async function verifyOb3(credential: Json, context: Ob3Context): Promise<BadgeSummary> {
  const { site, emit } = context;
  const summary = ob3Summary(credential, site);
  const problem = ob3FormatProblem(credential);
  if (problem) {
    emit(step('format', 'failed', 'verify.format.missing', { field: problem }, { reason: 'malformed' }));
    for (const id of ['signature', 'issuer', 'status', 'validity'] as const) emit(skipped(id));
    return summary;
  }
  emit(step('format', 'passed', 'verify.format.ob3'));

  const checked = await checkProofs(credential, context.keys);
  const issuerId = issuerIdOf(credential)!;
  if (!checked.verified) {
    const { failure } = checked;
    emit(signatureFailure(failure));
    // A key on another DID: say whose it is (the signature itself was not checked).
    emit(failure.reason === 'key-elsewhere' && failure.signer ? otherSigner(failure, site) : skipped('issuer'));
    emit(skipped('status'));
    emit(skipped('validity'));
    return summary;
  }
  const keys = [...new Set(checked.proofs.map((p) => p.verificationMethod))].join(', ');
  emit(step('signature', 'passed', 'verify.signature.passed', { key: keys, count: checked.proofs.length }));
  emit(issuerStep(credential, issuerId, checked.proofs, site));
  emit(await statusStep(credential, issuerId, context));
  emit(validityStep(credential.validFrom as string, credential.validUntil as string | undefined, context.now));
  return summary;
}

function signatureFailure(failure: ProofFailure): Step {
  const at = { proof: failure.index, count: failure.count };
  const extra = { reason: failure.reason, proof: failure.index, ...(failure.error ? { detail: failure.error } : {}) };
  switch (failure.reason) {
    case 'unsigned':
      return step('signature', 'failed', 'verify.signature.missing', {}, { reason: 'unsigned' });
    case 'malformed':
      return step(
        'signature',
        'failed',
        'verify.signature.malformed',
        { ...at, field: failure.field ?? 'proof' },
        extra,
      );
    case 'unsupported':
      return step(
        'signature',
        'failed',
        'verify.signature.unsupported',
        { ...at, type: failure.field ?? 'unknown' },
        extra,
      );
    case 'key-elsewhere':
      return step('signature', 'failed', 'verify.signature.keyElsewhere', { ...at, did: failure.signer ?? '' }, extra);
    case 'unknown-key':
      return step(
        'signature',
        'failed',
        'verify.signature.unknownKey',
        { ...at, key: failure.verificationMethod ?? '' },
        extra,
      );
    case 'did-unavailable':
      return step('signature', 'failed', 'verify.signature.didUnavailable', { detail: failure.error ?? '' }, extra);
    case 'key-compromised':
    case 'key-compromised-earlier':
    case 'key-retired':
    case 'key-not-yet-valid': {
      const message = {
        'key-compromised': 'verify.signature.keyCompromised',
        'key-compromised-earlier': 'verify.signature.keyCompromisedEarlier',
        'key-retired': 'verify.signature.keyRetired',
        'key-not-yet-valid': 'verify.signature.keyNotYetValid',
      } as const;
      const when = (value: string | undefined) => (value ? { date: value } : '?');
      return step(
        'signature',
        'failed',
        message[failure.reason],
        { ...at, key: failure.verificationMethod ?? '', created: when(failure.created), from: when(failure.from) },
        extra,
      );
    }
    default:
      return step('signature', 'failed', 'verify.signature.failed', at, extra);
  }
}

/** A proof made with a key that is not this site's: names that proof's signer and the site's DID. */
function otherSigner(proof: { index: number; count: number; signer?: string }, site: VerifierSite): Step {
  return step(
    'issuer',
    'failed',
    'verify.issuer.otherSigner',
    { proof: proof.index, count: proof.count, signer: proof.signer ?? '', expected: site.did },
    { reason: 'other-issuer', proof: proof.index },
  );
}

/** Ours when every proof was made with this site's key (the signature step confirmed
 * the DID document lists it) and the credential names this site's DID as issuer. */
function issuerStep(credential: Json, issuerId: string, proofs: SignedBy[], site: VerifierSite): Step {
  const foreign = proofs.findIndex((p) => p.signer !== site.did);
  if (foreign !== -1)
    return otherSigner({ index: foreign + 1, count: proofs.length, signer: proofs[foreign]!.signer }, site);
  if (issuerId !== site.did)
    return step(
      'issuer',
      'failed',
      'verify.issuer.failed',
      { issuer: issuerId, expected: site.did },
      { reason: 'other-issuer' },
    );
  const issuer = credential.issuer;
  const name = isObject(issuer) ? (textOf(issuer.name) ?? issuerId) : issuerId;
  // The issuer is this site's: named in each message's language when the caller knows those names.
  return step('issuer', 'passed', 'verify.issuer.passed', {
    name: { byLocale: site.issuerName ?? {}, fallback: name },
    did: site.did,
  });
}

async function statusStep(credential: Json, issuerId: string, context: Ob3Context): Promise<Step> {
  const entries = asArray(credential.credentialStatus).filter(
    (e): e is Json =>
      isObject(e) && e.type === 'BitstringStatusListEntry' && STATUS_PURPOSES.has(String(e.statusPurpose)),
  );
  if (entries.length === 0) return step('status', 'warning', 'verify.status.none', {}, { reason: 'no-status' });
  try {
    for (const entry of entries) {
      const set = await statusBit(entry, issuerId, context);
      if (set)
        return step(
          'status',
          'failed',
          'verify.status.revoked',
          {},
          { reason: entry.statusPurpose === 'suspension' ? 'suspended' : 'revoked' },
        );
    }
  } catch (error) {
    const detail = error instanceof FetchFailure ? `${error.url}: ${error.message}` : errorText(error);
    return step('status', 'failed', 'verify.status.listFailed', { detail }, { reason: 'status-unavailable', detail });
  }
  return step('status', 'passed', 'verify.status.notRevoked');
}

/** Reads the entry's bit from this site's signed status list credential. */
async function statusBit(entry: Json, issuerId: string, context: Ob3Context): Promise<boolean> {
  const listUrl = entry.statusListCredential;
  if (typeof listUrl !== 'string') throw new Error('status entry has no statusListCredential');
  const index = Number(entry.statusListIndex);
  if (!Number.isInteger(index) || index < 0)
    throw new Error(`statusListIndex "${String(entry.statusListIndex)}" is not a number`);
  if (!context.site.owns(listUrl)) throw new FetchFailure(listUrl, `not on ${context.site.urls.site}`);
  const memoKey = `${listUrl}\n${issuerId}\n${context.now.toISOString()}`;
  let list = context.statusLists?.get(memoKey);
  if (!list) {
    list = checkedStatusList(listUrl, issuerId, context);
    context.statusLists?.set(memoKey, list);
  }
  const { statusPurpose, bits } = await list;
  if (statusPurpose !== entry.statusPurpose)
    throw new Error(`status list purpose "${statusPurpose}" is not "${String(entry.statusPurpose)}"`);
  if (index >= bits.length) throw new Error(`statusListIndex ${index} is outside the list (${bits.length})`);
  return bits.getStatus(index);
}

/** The site's status list at this URL, once every proof on it verified with the site's key. */
async function checkedStatusList(listUrl: string, issuerId: string, context: Ob3Context): Promise<CheckedStatusList> {
  const list = await fetchSiteJson(context.site, context.fetch, listUrl);
  if (list.id !== listUrl) throw new Error(`status list id "${String(list.id)}" is not its URL ${listUrl}`);
  const checked = await checkProofs(list, context.keys);
  if (!checked.verified) throw new Error(`status list ${describeFailure(checked.failure)}`);
  const foreign = checked.proofs.findIndex((p) => p.signer !== context.site.did);
  if (foreign !== -1)
    throw new Error(
      `status list proof ${foreign + 1} of ${checked.proofs.length} is signed by ${checked.proofs[foreign]!.signer}, not ${context.site.did}`,
    );
  if (issuerIdOf(list) !== issuerId)
    throw new Error(`status list issued by ${String(issuerIdOf(list))}, not ${issuerId}`);
  if (typeof list.validUntil === 'string' && Date.parse(list.validUntil) < context.now.getTime())
    throw new Error('status list has expired');
  const subject = list.credentialSubject;
  if (!isObject(subject) || subject.type !== 'BitstringStatusList')
    throw new Error('status list credential has no BitstringStatusList');
  if (typeof subject.encodedList !== 'string') throw new Error('status list has no encodedList');
  return { statusPurpose: String(subject.statusPurpose), bits: await decodeStatusBits(subject.encodedList) };
}

/** A proof failure in one English sentence (for technical details). */
export function describeFailure(failure: ProofFailure): string {
  if (failure.reason === 'unsigned') return 'has no proof';
  const which = `proof ${failure.index} of ${failure.count}`;
  switch (failure.reason) {
    case 'malformed':
      return `${which} is malformed (${failure.field ?? 'proof'})`;
    case 'unsupported':
      return `${which} has an unsupported type (${failure.field ?? 'unknown'})`;
    case 'key-elsewhere':
      return `${which} uses a key of ${failure.signer ?? 'another DID'}`;
    case 'unknown-key':
      return `${which} names ${failure.verificationMethod ?? 'a key'}, which the DID document does not list for assertions`;
    case 'did-unavailable':
      return `${which}: the DID document could not be read (${failure.error ?? ''})`;
    case 'key-compromised':
    case 'key-compromised-earlier':
      return `${which} was made${failure.created ? ` on ${failure.created}` : ''} with ${failure.verificationMethod ?? 'a key'}, compromised from ${failure.from ?? '?'}`;
    case 'key-retired':
      return `${which} was made on ${failure.created ?? '?'} with ${failure.verificationMethod ?? 'a key'}, retired on ${failure.from ?? '?'}`;
    case 'key-not-yet-valid':
      return `${which} was made on ${failure.created ?? '?'} with ${failure.verificationMethod ?? 'a key'}, in use only from ${failure.from ?? '?'}`;
    default:
      return `${which} has an invalid signature: ${failure.error ?? ''}`;
  }
}

function ob3Summary(credential: Json, site: VerifierSite): BadgeSummary {
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const issuer = isObject(credential.issuer) ? credential.issuer : {};
  const nameIdentity = asArray(subject.identifier).find(
    (i) => isObject(i) && i.identityType === 'name' && i.hashed === false,
  ) as Json | undefined;
  const summary: BadgeSummary = { format: 'ob3' };
  const badgeName = textOf(achievement.name);
  const issuerName = textOf(issuer.name);
  const recipientName = textOf(nameIdentity?.identityHash) ?? textOf(subject.name);
  if (badgeName) summary.badgeName = badgeName;
  if (typeof achievement.id === 'string') summary.badgeId = achievement.id;
  if (issuerName) summary.issuerName = issuerName;
  if (typeof issuer.id === 'string') summary.issuerId = issuer.id;
  if (recipientName) summary.recipientName = recipientName;
  if (typeof credential.validFrom === 'string') summary.issuedOn = credential.validFrom;
  if (typeof credential.validUntil === 'string') summary.expires = credential.validUntil;
  const page = awardPageOf(credential.id, site);
  if (page) summary.awardPage = page;
  return summary;
}
