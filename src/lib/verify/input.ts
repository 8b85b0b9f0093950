/**
 * Turns what the reader gave (an address, pasted text, file bytes) into one
 * badge document, reading only this site's files. Anything else ends in a
 * failed "format" step with a plain message.
 */
import { sitePaths } from '../site-urls.ts';
import { isPng, looksLikeSvg, readBakedPng, readBakedSvg, type BakedData } from './baked.ts';
import { step } from './messages.ts';
import type { VerifierSite } from './site.ts';
import type { BadgeFormat, Step, VerifyInput } from './types.ts';

export type Json = Record<string, unknown>;

/** Deepest nesting of objects and arrays accepted. A badge nests about six levels;
 * JSON-LD processing recurses per level, so a crafted input thousands of levels
 * deep would overflow the stack instead of failing cleanly. */
export const MAX_JSON_DEPTH = 64;

/** True when objects and arrays in the value nest deeper than `limit` (checked without recursion). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

export interface Candidate {
  format: BadgeFormat;
  document: Json;
  /** The URL the document was read from, when it was read from the site. */
  fetchedFrom?: string;
}

export type Resolved = { candidate: Candidate } | { failure: Step };

export class FetchFailure extends Error {
  url: string;
  constructor(url: string, detail: string) {
    super(detail);
    this.url = url;
  }
}

/** Fetches one of this site's files; refuses any other address. */
export async function fetchSiteFile(site: VerifierSite, fetchImpl: typeof fetch, url: string): Promise<Uint8Array> {
  if (!site.owns(url)) throw new FetchFailure(url, `not on ${site.urls.site}`);
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new FetchFailure(url, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new FetchFailure(url, `HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function fetchSiteJson(site: VerifierSite, fetchImpl: typeof fetch, url: string): Promise<Json> {
  const bytes = await fetchSiteFile(site, fetchImpl, url);
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (isObject(value) && !nestedDeeperThan(value, MAX_JSON_DEPTH)) return value;
    if (isObject(value)) throw new FetchFailure(url, `nested deeper than ${MAX_JSON_DEPTH} levels`);
  } catch (error) {
    if (error instanceof FetchFailure) throw error;
    // reported below
  }
  throw new FetchFailure(url, 'not a JSON object');
}

export async function resolveInput(input: VerifyInput, site: VerifierSite, fetchImpl: typeof fetch): Promise<Resolved> {
  try {
    if (input.kind === 'url') return await fromUrl(input.url.trim(), site, fetchImpl);
    if (input.kind === 'text') return await fromText(input.text, site, fetchImpl);
    return await fromBytes(input.bytes, site, fetchImpl);
  } catch (error) {
    if (error instanceof FetchFailure) return { failure: fetchFailureStep(error, site) };
    throw error;
  }
}

export function fetchFailureStep(error: FetchFailure, site: VerifierSite): Step {
  if (!site.owns(error.url))
    return step('format', 'failed', 'verify.format.offSite', { site: site.urls.site }, { reason: 'off-site' });
  return step(
    'format',
    'failed',
    'verify.format.fetchFailed',
    { url: error.url, detail: error.message },
    { reason: 'unreachable' },
  );
}

/** An award page address means its OB 3.0 credential; other addresses are read as they are. */
export function credentialAddress(url: string, site: VerifierSite): string {
  const parsed = new URL(url);
  parsed.hash = '';
  const relative = parsed.pathname.slice(site.urls.base.length);
  const page = /^badges\/([^/]+)\/(index\.html)?$/.exec(relative);
  if (page) return site.urls.url(sitePaths.ob3Credential(page[1]!));
  // A verify-page deep link pasted as is: verify what it points to.
  const inner = parsed.searchParams.get('url');
  if (inner && /(^|\/)verify\/(index\.html)?$/.test(relative)) return credentialAddress(inner, site);
  return parsed.href;
}

async function fromUrl(url: string, site: VerifierSite, fetchImpl: typeof fetch): Promise<Resolved> {
  let address: string;
  try {
    address = credentialAddress(url, site);
  } catch {
    return { failure: step('format', 'failed', 'verify.format.notBadge', {}, { reason: 'not-a-badge' }) };
  }
  if (!site.owns(address))
    return {
      failure: step('format', 'failed', 'verify.format.offSite', { site: site.urls.site }, { reason: 'off-site' }),
    };
  const bytes = await fetchSiteFile(site, fetchImpl, address);
  return fromBytes(bytes, site, fetchImpl, address);
}

async function fromText(
  text: string,
  site: VerifierSite,
  fetchImpl: typeof fetch,
  fetchedFrom?: string,
): Promise<Resolved> {
  const trimmed = text.trim();
  if (/^https?:\/\/\S+$/.test(trimmed)) return fromUrl(trimmed, site, fetchImpl);
  if (looksLikeSvg(trimmed)) return fromBaked(readBakedSvg(trimmed), site, fetchImpl);
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    const key = trimmed.startsWith('{') || trimmed.startsWith('[') ? 'verify.format.notJson' : 'verify.format.notBadge';
    return { failure: step('format', 'failed', key, {}, { reason: 'not-a-badge' }) };
  }
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return fromUrl(value, site, fetchImpl);
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
    return {
      failure: step('format', 'failed', 'verify.format.tooDeep', { limit: MAX_JSON_DEPTH }, { reason: 'too-deep' }),
    };
  }
  const format = isObject(value) ? detectFormat(value) : undefined;
  if (!format || !isObject(value))
    return { failure: step('format', 'failed', 'verify.format.notBadge', {}, { reason: 'not-a-badge' }) };
  return { candidate: { format, document: value, ...(fetchedFrom ? { fetchedFrom } : {}) } };
}

async function fromBytes(
  bytes: Uint8Array,
  site: VerifierSite,
  fetchImpl: typeof fetch,
  fetchedFrom?: string,
): Promise<Resolved> {
  if (isPng(bytes)) {
    let baked: BakedData | undefined;
    try {
      baked = readBakedPng(bytes);
    } catch {
      baked = undefined;
    }
    return fromBaked(baked, site, fetchImpl);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { failure: step('format', 'failed', 'verify.format.notBadge', {}, { reason: 'not-a-badge' }) };
  }
  if (/^\s*<(!doctype html|html)/i.test(text))
    return { failure: step('format', 'failed', 'verify.format.notBadge', {}, { reason: 'not-a-badge' }) };
  return fromText(text, site, fetchImpl, fetchedFrom);
}

async function fromBaked(baked: BakedData | undefined, site: VerifierSite, fetchImpl: typeof fetch): Promise<Resolved> {
  if (!baked) return { failure: step('format', 'failed', 'verify.format.notBadge', {}, { reason: 'not-a-badge' }) };
  if (baked.url) return fromUrl(baked.url, site, fetchImpl);
  return fromText(baked.json ?? '', site, fetchImpl);
}

const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';

export function detectFormat(doc: Json): BadgeFormat | undefined {
  const contexts = asArray(doc['@context']);
  const types = asArray(doc.type);
  if (contexts.includes('https://www.w3.org/ns/credentials/v2') || types.includes('VerifiableCredential')) return 'ob3';
  if (contexts.includes(OB2_CONTEXT) || types.includes('Assertion')) return 'ob2';
  // A revoked OB 2.0 hosted assertion is only {id, revoked, revocationReason}.
  if (doc.revoked === true && typeof doc.id === 'string') return 'ob2';
  return undefined;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
