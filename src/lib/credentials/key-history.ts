/**
 * The issuer's key history (content/keys.yaml): every signing key the site has
 * used, public halves only, with the window it signed in. Public content, kept
 * in git like the ledger; private keys never appear here.
 *
 *   keys:
 *     - publicKeyMultibase: z6Mk…      the key (its verification method is <did>#<key>)
 *       validFrom: 2025-01-01T00:00:00Z  first moment it signed
 *       retiredOn: 2026-12-08T00:00:00Z  replaced by the next key: still verifies what it signed before
 *       compromisedFrom: …               leaked from this moment: nothing it signed verifies any more
 *
 * One key at most is active (neither retired nor compromised): the build signs
 * with it. did.json lists the active and the retired keys for assertions; a
 * compromised key is listed with CID 1.0's `revoked` (its date) but not for
 * assertions, so a verifier that knows no key history (verifier-core, a
 * wallet) refuses what it signed, as the project's verifier does. Why earlier
 * signatures of a leaked key are not trusted either: whoever holds the key
 * can date a proof as they like; the build re-signs every hosted credential
 * with the active key instead (docs/credentials.md, Key rotation).
 *
 * The published copy (`keys.json` next to did.json, keyHistoryDocument) is
 * what the verify core reads to hold a retired key to its window.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { verificationMethodId } from './keys.ts';

export interface KeyRecord {
  publicKeyMultibase: string;
  validFrom: string;
  retiredOn?: string;
  compromisedFrom?: string;
}

export interface KeyHistory {
  keys: KeyRecord[];
}

/** The published key history (sitePaths.keyHistory): the same records with their verification method ids. */
export interface KeyHistoryDocument {
  id: string;
  keys: (KeyRecord & { id: string })[];
}

const PUBLIC_KEY = /^z6Mk[1-9A-HJ-NP-Za-km-z]{40,}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A date or date-time as an XML Schema dateTimeStamp in UTC (a bare date is its midnight UTC). */
export function keyMoment(value: string): string {
  return new Date(/T/.test(value) ? value : `${value}T00:00:00Z`).toISOString().replace(/\.000Z$/, 'Z');
}

const moment = z
  .string()
  .refine((v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(/T/.test(v) ? v : `${v}T00:00:00Z`)), {
    message: 'is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)',
  })
  .transform(keyMoment);

const recordSchema = z
  .object({
    publicKeyMultibase: z.string().regex(PUBLIC_KEY, 'is not an Ed25519 public Multikey (z6Mk…)'),
    validFrom: moment,
    retiredOn: moment.optional(),
    compromisedFrom: moment.optional(),
  })
  .strict();

const historySchema = z.object({ keys: z.array(recordSchema) }).strict();

/** Parses content/keys.yaml; errors name the file, the record (its key) and the field in one sentence. */
export function parseKeyHistory(text: string, file: string): KeyHistory {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new Error(`${file}: not YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = historySchema.safeParse(data ?? { keys: [] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [, index] = issue.path;
    const unknown = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const field = unknown ?? issue.path[2];
    const message = unknown?.startsWith('secretKey')
      ? 'a private key must never be in this file (it is published); remove it, and treat that key as leaked'
      : unknown
        ? 'is not a field of a key (publicKeyMultibase, validFrom, retiredOn, compromisedFrom)'
        : issue.message;
    const record =
      typeof index === 'number'
        ? `key ${index + 1}${keyOf(data, index) ? ` (${keyOf(data, index)})` : ''}`
        : 'the file';
    throw new Error(`${file}: ${record}, field ${String(field ?? (issue.path.join('.') || 'keys'))}: ${message}`);
  }
  const history: KeyHistory = { keys: parsed.data.keys.map(withoutUndefined) };
  const problem = historyProblem(history);
  if (problem) throw new Error(`${file}: ${problem}`);
  return history;
}

function keyOf(data: unknown, index: number): string | undefined {
  const keys = (data as { keys?: unknown[] } | null)?.keys;
  const value = Array.isArray(keys) ? (keys[index] as { publicKeyMultibase?: unknown } | undefined) : undefined;
  return typeof value?.publicKeyMultibase === 'string' ? value.publicKeyMultibase : undefined;
}

function withoutUndefined(record: KeyRecord): KeyRecord {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as unknown as KeyRecord;
}

/** The first rule the history breaks (one sentence naming the key and the field), or undefined. */
export function historyProblem(history: KeyHistory): string | undefined {
  const seen = new Set<string>();
  for (const [i, key] of history.keys.entries()) {
    const name = `key ${i + 1} (${key.publicKeyMultibase})`;
    if (seen.has(key.publicKeyMultibase)) return `${name}, field publicKeyMultibase: listed twice`;
    seen.add(key.publicKeyMultibase);
    if (key.retiredOn && key.retiredOn < key.validFrom)
      return `${name}, field retiredOn: ${key.retiredOn} is before its validFrom ${key.validFrom}`;
  }
  const active = history.keys.filter(isActive);
  if (active.length > 1)
    return `key ${history.keys.indexOf(active[1]!) + 1} (${active[1]!.publicKeyMultibase}), field retiredOn: only one key may be active (neither retired nor compromised); ${active[0]!.publicKeyMultibase} is too`;
  return undefined;
}

export const isActive = (key: KeyRecord) => !key.retiredOn && !key.compromisedFrom;

export function activeKey(history: KeyHistory): KeyRecord | undefined {
  return history.keys.find(isActive);
}

export function keyHistoryYaml(history: KeyHistory): string {
  return (
    "# The site's signing keys, public halves only (npm run keys). Never put a private key here.\n" +
    stringifyYaml({ keys: history.keys.map(withoutUndefined) })
  );
}

/** Retires the active key at `on` and makes `publicKeyMultibase` the active key from then. */
export function rotateKeys(history: KeyHistory, publicKeyMultibase: string, on: Date): KeyHistory {
  if (!PUBLIC_KEY.test(publicKeyMultibase))
    throw new Error(`the new key ${publicKeyMultibase} is not an Ed25519 public Multikey (z6Mk…)`);
  if (history.keys.some((k) => k.publicKeyMultibase === publicKeyMultibase))
    throw new Error(
      `the new key ${publicKeyMultibase} is already in the key history; make a new one with npm run keygen`,
    );
  const at = keyMoment(on.toISOString());
  const keys = history.keys.map((k) => (isActive(k) ? { ...k, retiredOn: at } : k));
  return { keys: [...keys, { publicKeyMultibase, validFrom: at }] };
}

/** Marks a key compromised from `from` (an earlier date may be given; a later mark never moves it forward). */
export function markCompromised(history: KeyHistory, publicKeyMultibase: string, from: Date): KeyHistory {
  const found = history.keys.find((k) => k.publicKeyMultibase === publicKeyMultibase);
  if (!found) throw new Error(`${publicKeyMultibase} is not in the key history`);
  const at = keyMoment(from.toISOString());
  const earliest = found.compromisedFrom && found.compromisedFrom < at ? found.compromisedFrom : at;
  return {
    keys: history.keys.map((k) => (k === found ? { ...k, compromisedFrom: earliest } : k)),
  };
}

/**
 * The DID document: the signing key first, then the history's retired keys and
 * EMBLEM_PREVIOUS_KEYS (for assertions: what they signed keeps verifying), then
 * compromised keys with `revoked` (CID 1.0 §2.2) and for no purpose. A key left
 * out of both lists is simply unknown.
 */
export function historyDidDocument(
  did: string,
  currentPublicKey: string,
  history: KeyHistory,
  previousPublicKeys: readonly string[] = [],
): Record<string, unknown> {
  const compromised = new Map(
    history.keys.filter((k) => k.compromisedFrom).map((k) => [k.publicKeyMultibase, k.compromisedFrom!]),
  );
  const usable = [currentPublicKey, ...history.keys.map((k) => k.publicKeyMultibase), ...previousPublicKeys].filter(
    (k, i, all) => all.indexOf(k) === i && !compromised.has(k),
  );
  const method = (k: string) => ({
    id: verificationMethodId(did, k),
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: k,
    ...(compromised.has(k) ? { revoked: compromised.get(k) } : {}),
  });
  const assertion = usable.map((k) => verificationMethodId(did, k));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [...usable, ...compromised.keys()].map(method),
    assertionMethod: assertion,
    authentication: [assertion[0]],
  };
}

export function keyHistoryDocument(did: string, history: KeyHistory): KeyHistoryDocument {
  return {
    id: did,
    keys: history.keys.map((k) => ({ id: verificationMethodId(did, k.publicKeyMultibase), ...k })),
  };
}
