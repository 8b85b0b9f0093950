/**
 * Open Badges 3.0 steps: format, signature, issuer, status (BitstringStatusList),
 * validity period.
 */
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import type { DocumentLoader } from '../credentials/document-loader.ts';
import { errorText, skipped, step } from './messages.ts';
import { asArray, FetchFailure, fetchSiteJson, isObject, type Json } from './input.ts';
import { checkProof, CRYPTOSUITE, proofsOf } from './signature.ts';
import type { VerifierSite } from './site.ts';
import type { BadgeSummary, Step } from './types.ts';
import { awardPageOf, textOf, validityStep } from './common.ts';

const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const OB3_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d+\.\d+)?\.json$/;
const STATUS_PURPOSES = new Set(['revocation', 'suspension']);

export interface Ob3Context {
  site: VerifierSite;
  fetch: typeof fetch;
  documentLoader: DocumentLoader;
  now: Date;
  emit: (step: Step) => void;
}

export function issuerIdOf(credential: Json): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  return isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

/** The first field that makes this not an OB 3.0 credential, or undefined. */
export function ob3FormatProblem(credential: Json): string | undefined {
  const contexts = asArray(credential['@context']);
  if (contexts[0] !== VC_V2) return '@context';
  if (!contexts.some((c) => typeof c === 'string' && OB3_CONTEXT.test(c))) return '@context (Open Badges 3.0)';
  const types = asArray(credential.type);
  if (!types.includes('VerifiableCredential')) return 'type (VerifiableCredential)';
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) return 'type (OpenBadgeCredential)';
  if (typeof credential.id !== 'string') return 'id';
  if (!issuerIdOf(credential)) return 'issuer';
  if (typeof credential.validFrom !== 'string' || Number.isNaN(Date.parse(credential.validFrom))) return 'validFrom';
  if (credential.validUntil !== undefined && (typeof credential.validUntil !== 'string' || Number.isNaN(Date.parse(credential.validUntil))))
    return 'validUntil';
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

  const signature = await signatureStep(credential, context);
  emit(signature);
  const issuerId = issuerIdOf(credential)!;
  if (signature.status === 'failed') {
    const elsewhere = signature.reason === 'key-elsewhere';
    emit(elsewhere ? issuerMismatch(issuerId, site) : skipped('issuer'));
    emit(skipped('status'));
    emit(skipped('validity'));
    return summary;
  }

  emit(issuerStep(credential, issuerId, site));
  emit(await statusStep(credential, issuerId, context));
  emit(validityStep(credential.validFrom as string, credential.validUntil as string | undefined, context.now));
  return summary;
}

async function signatureStep(credential: Json, context: Ob3Context): Promise<Step> {
  const proofs = proofsOf(credential);
  if (proofs.length === 0) return step('signature', 'failed', 'verify.signature.missing', {}, { reason: 'unsigned' });
  const proof = proofs[0]!;
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== CRYPTOSUITE) {
    const type = [proof.type, proof.cryptosuite].filter(Boolean).join(' / ') || 'unknown';
    return step('signature', 'failed', 'verify.signature.unsupported', { type }, { reason: 'unsupported' });
  }
  const result = await checkProof(credential, context.documentLoader);
  if (result.verified) return step('signature', 'passed', 'verify.signature.passed', { key: result.verificationMethod ?? '' });
  if (result.keyElsewhere) {
    return step('signature', 'failed', 'verify.signature.keyElsewhere', { did: result.keyElsewhere }, { reason: 'key-elsewhere', detail: result.error });
  }
  return step('signature', 'failed', 'verify.signature.failed', {}, { reason: 'invalid-signature', detail: result.error });
}

function issuerMismatch(issuerId: string, site: VerifierSite): Step {
  return step('issuer', 'failed', 'verify.issuer.failed', { issuer: issuerId, expected: site.did }, { reason: 'other-issuer' });
}

/** Ours when the issuer is this site's DID and the proof's key belongs to it (the
 * signature check already confirmed the DID document lists that key). */
function issuerStep(credential: Json, issuerId: string, site: VerifierSite): Step {
  const method = proofsOf(credential)[0]?.verificationMethod;
  const signer = typeof method === 'string' ? method.split('#')[0]! : '';
  if (issuerId !== site.did) return issuerMismatch(issuerId, site);
  if (signer !== site.did) return issuerMismatch(signer || issuerId, site);
  const issuer = credential.issuer;
  const name = isObject(issuer) ? (textOf(issuer.name) ?? issuerId) : issuerId;
  return step('issuer', 'passed', 'verify.issuer.passed', { name, did: site.did });
}

async function statusStep(credential: Json, issuerId: string, context: Ob3Context): Promise<Step> {
  const entries = asArray(credential.credentialStatus).filter(
    (e): e is Json => isObject(e) && e.type === 'BitstringStatusListEntry' && STATUS_PURPOSES.has(String(e.statusPurpose)),
  );
  if (entries.length === 0) return step('status', 'warning', 'verify.status.none', {}, { reason: 'no-status' });
  try {
    for (const entry of entries) {
      const set = await statusBit(entry, issuerId, context);
      if (set) return step('status', 'failed', 'verify.status.revoked', {}, { reason: entry.statusPurpose === 'suspension' ? 'suspended' : 'revoked' });
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
  if (!Number.isInteger(index) || index < 0) throw new Error(`statusListIndex "${String(entry.statusListIndex)}" is not a number`);
  if (!context.site.owns(listUrl)) throw new FetchFailure(listUrl, `not on ${context.site.urls.site}`);
  const list = await fetchSiteJson(context.site, context.fetch, listUrl);
  if (list.id !== listUrl) throw new Error(`status list id "${String(list.id)}" is not its URL ${listUrl}`);
  const proof = await checkProof(list, context.documentLoader);
  if (!proof.verified) throw new Error(`status list signature not valid: ${proof.error ?? ''}`);
  if (issuerIdOf(list) !== issuerId) throw new Error(`status list issued by ${String(issuerIdOf(list))}, not ${issuerId}`);
  if (typeof list.validUntil === 'string' && Date.parse(list.validUntil) < context.now.getTime()) throw new Error('status list has expired');
  const subject = list.credentialSubject;
  if (!isObject(subject) || subject.type !== 'BitstringStatusList') throw new Error('status list credential has no BitstringStatusList');
  if (subject.statusPurpose !== entry.statusPurpose)
    throw new Error(`status list purpose "${String(subject.statusPurpose)}" is not "${String(entry.statusPurpose)}"`);
  if (typeof subject.encodedList !== 'string') throw new Error('status list has no encodedList');
  const bits = await decodeList({ encodedList: subject.encodedList });
  if (index >= bits.length) throw new Error(`statusListIndex ${index} is outside the list (${bits.length})`);
  return bits.getStatus(index);
}

function ob3Summary(credential: Json, site: VerifierSite): BadgeSummary {
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const issuer = isObject(credential.issuer) ? credential.issuer : {};
  const nameIdentity = asArray(subject.identifier).find((i) => isObject(i) && i.identityType === 'name' && i.hashed === false) as Json | undefined;
  const summary: BadgeSummary = { format: 'ob3' };
  const badgeName = textOf(achievement.name);
  const issuerName = textOf(issuer.name);
  const recipientName = textOf(nameIdentity?.identityHash) ?? textOf(subject.name);
  if (badgeName) summary.badgeName = badgeName;
  if (issuerName) summary.issuerName = issuerName;
  if (recipientName) summary.recipientName = recipientName;
  if (typeof credential.validFrom === 'string') summary.issuedOn = credential.validFrom;
  if (typeof credential.validUntil === 'string') summary.expires = credential.validUntil;
  const page = awardPageOf(credential.id, site);
  if (page) summary.awardPage = page;
  return summary;
}
