/**
 * Where a credential stands in the site's public issuance log
 * (docs/transparency.md), checked in the browser from the static files: the
 * signed checkpoint, the award's line in the log's index, the entry bundle
 * holding its entries, and the hash tiles of one inclusion proof (a handful
 * of requests, no server).
 *
 * Browser-safe: Web Crypto (SHA-256, Ed25519) and the pure `canonicalize`
 * package, no node:crypto. The Merkle and signed-note rules are those of
 * src/lib/transparency/ (merkle.ts, note.ts, tiles.ts), written again over
 * asynchronous hashing; tests hold the two to the same results.
 *
 * The log key is read from the same site, so this proves the credential is in
 * the log the site serves, consistent with its own checkpoint; that the log
 * was not rewritten is for whoever kept an earlier checkpoint
 * (npm run log -- verify, witnesses).
 */
import canonicalize from 'canonicalize';
import { indexFile, indexKey } from '../transparency/index-shards.ts';
import { tilePath } from '../transparency/tile-paths.ts';

export interface LogPlace {
  /** The entry of this credential's issuance, and the size of the checkpoint it was checked against. */
  position: number;
  size: number;
  /** A later issuance entry of the same award (the credential was corrected since). */
  supersededAt?: number;
  /** The award's revocation in force in the log. */
  revoked?: { position: number; on: string };
}

export type LogCheck =
  | { status: 'found'; place: LogPlace }
  | { status: 'no-log' }
  | { status: 'absent'; detail: string }
  | { status: 'failed'; detail: string };

type Json = Record<string, unknown>;

const bytesOf = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const sha256 = async (data: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
const leafHash = (entry: Uint8Array) => sha256(concat(Uint8Array.of(0), entry));
const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(concat(Uint8Array.of(1), l, r));

/** The award hash and credential digest the log records (entries.ts). */
export async function logKeysOf(credential: Json): Promise<{ award: string; credential: string } | undefined> {
  const id = /\/badges\/([0-9a-fA-F-]{36})\/credential\.json$/.exec(String(credential.id ?? ''))?.[1]?.toLowerCase();
  if (!id) return undefined;
  const { proof: _proof, ...claims } = credential;
  return {
    award: hex(await sha256(bytesOf(`emblem-log-award\n${id}`))),
    credential: hex(await sha256(bytesOf(canonicalize(claims)!))),
  };
}

/** Opens the checkpoint with the vkey (C2SP signed-note, Ed25519): origin, size and root, or throws. */
export async function openCheckpointWeb(
  note: string,
  vkey: string,
): Promise<{ origin: string; size: number; root: Uint8Array }> {
  const [name, hash, key64] = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(vkey.trim())?.slice(1) ?? [];
  const key = key64 ? fromBase64(key64) : new Uint8Array();
  if (!name || key.length !== 33 || key[0] !== 1) throw new Error('the log key is not an Ed25519 verifier key');
  const publicKey = key.subarray(1);
  const id = hex((await sha256(concat(bytesOf(`${name}\n`), Uint8Array.of(1), publicKey))).subarray(0, 4));
  if (id !== hash) throw new Error('the log key hash does not match the key');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('the checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  const cryptoKey = await crypto.subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, [
    'verify',
  ]);
  let verified = false;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const [, signer, sig64] = /^— (\S+) ([A-Za-z0-9+/=]+)$/.exec(line) ?? [];
    if (signer !== name || !sig64) continue;
    const sig = fromBase64(sig64);
    if (hex(sig.subarray(0, 4)) !== id) continue;
    if (
      !(await crypto.subtle.verify(
        { name: 'Ed25519' },
        cryptoKey,
        sig.subarray(4) as BufferSource,
        bytesOf(text) as BufferSource,
      ))
    )
      throw new Error('the checkpoint signature does not verify');
    verified = true;
  }
  if (!verified) throw new Error('the checkpoint has no signature by the log key');
  const [origin, sizeLine, root64] = text.split('\n');
  const root = fromBase64(root64 ?? '');
  if (origin !== name || !/^(0|[1-9][0-9]*)$/.test(sizeLine ?? '') || root.length !== 32)
    throw new Error('the checkpoint is malformed');
  return { origin, size: Number(sizeLine), root };
}

/** RFC 6962 split point: the largest power of two below n. */
const split = (n: number) => {
  let k = 1;
  let level = 0;
  while (k * 2 < n) {
    k *= 2;
    level++;
  }
  return { k, level };
};

/** The inclusion proof of leaf n in a tree of `size`, from the hash tiles (tiles.ts tileHashSource + merkle.ts inclusionProof). */
async function inclusionFromTiles(
  size: number,
  n: number,
  tile: (level: number, index: number, width: number) => Promise<Uint8Array>,
): Promise<Uint8Array[]> {
  const hashRun = async (data: Uint8Array): Promise<Uint8Array> =>
    data.length === 32
      ? data
      : nodeHash(await hashRun(data.subarray(0, data.length / 2)), await hashRun(data.subarray(data.length / 2)));
  const source = async (level: number, index: number) => {
    const tileLevel = Math.floor(level / 8);
    const within = level - tileLevel * 8;
    const first = index * 2 ** within;
    const tileN = Math.floor(first / 256);
    const width = Math.min(256, Math.floor(size / 256 ** tileLevel) - tileN * 256);
    const data = await tile(tileLevel, tileN, width);
    if (data.length !== width * 32)
      throw new Error(`the hash tile ${tilePath(tileLevel, tileN, width)} is ${data.length} bytes`);
    const start = (first - tileN * 256) * 32;
    return hashRun(data.subarray(start, start + 2 ** within * 32));
  };
  const subtree = async (lo: number, hi: number) => {
    const parts: Uint8Array[] = [];
    while (lo < hi) {
      const { k, level } = split(hi - lo + 1);
      parts.push(await source(level, lo / k));
      lo += k;
    }
    let hash = parts[parts.length - 1]!;
    for (let i = parts.length - 2; i >= 0; i--) hash = await nodeHash(parts[i]!, hash);
    return hash;
  };
  const walk = async (lo: number, hi: number): Promise<Uint8Array[]> => {
    if (lo + 1 === hi) return [];
    const { k } = split(hi - lo);
    if (n < lo + k) return [...(await walk(lo, lo + k)), await subtree(lo + k, hi)];
    return [...(await walk(lo + k, hi)), await subtree(lo, lo + k)];
  };
  return walk(0, size);
}

/** The root a proof implies for leaf n (merkle.ts checkInclusion). */
export async function rootFromProof(
  proof: readonly Uint8Array[],
  size: number,
  n: number,
  leaf: Uint8Array,
): Promise<Uint8Array> {
  const run = async (p: readonly Uint8Array[], lo: number, hi: number): Promise<Uint8Array> => {
    if (lo + 1 === hi) {
      if (p.length) throw new Error('the inclusion proof is too long');
      return leaf;
    }
    if (!p.length) throw new Error('the inclusion proof is too short');
    const { k } = split(hi - lo);
    const last = p[p.length - 1]!;
    return n < lo + k
      ? nodeHash(await run(p.slice(0, -1), lo, lo + k), last)
      : nodeHash(last, await run(p.slice(0, -1), lo + k, hi));
  };
  return run(proof, 0, size);
}

/**
 * Finds an OB 3.0 credential of this site in its issuance log and checks its
 * inclusion proof against the signed checkpoint. `siteUrl` ends with "/".
 */
export async function checkInLog(credential: Json, siteUrl: string, fetcher: typeof fetch): Promise<LogCheck> {
  const keys = await logKeysOf(credential);
  if (!keys) return { status: 'absent', detail: 'the credential has no Emblem award id' };
  const get = async (relative: string) => {
    const response = await fetcher(new URL(`log/${relative}`, siteUrl).href);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`log/${relative} answered ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);
  try {
    const note = text(await get('checkpoint'));
    const vkey = text(await get('key'));
    if (note === undefined || vkey === undefined) return { status: 'no-log' };
    const checkpoint = await openCheckpointWeb(note, vkey);
    const index = JSON.parse(text(await get(indexFile(keys.award, checkpoint.size))) ?? '{}') as Record<
      string,
      number[]
    >;
    const positions = (index[indexKey(keys.award, checkpoint.size)] ?? []).filter(
      (p) => Number.isSafeInteger(p) && p >= 0 && p < checkpoint.size,
    );
    const bundles = new Map<number, Uint8Array[]>();
    const entryAt = async (position: number) => {
      const n = Math.floor(position / 256);
      let entries = bundles.get(n);
      if (!entries) {
        const width = Math.min(256, checkpoint.size - n * 256);
        const bytes = await get(tilePath('entries', n, width));
        if (!bytes) throw new Error(`the log has no ${tilePath('entries', n, width)}`);
        entries = [];
        for (let at = 0; at < bytes.length; ) {
          const length = (bytes[at]! << 8) | bytes[at + 1]!;
          entries.push(bytes.subarray(at + 2, at + 2 + length));
          at += 2 + length;
        }
        bundles.set(n, entries);
      }
      return entries[position - n * 256];
    };
    let place: LogPlace | undefined;
    let revoked: LogPlace['revoked'];
    for (const position of positions.sort((a, b) => a - b)) {
      const bytes = await entryAt(position);
      if (!bytes) continue;
      const entry = JSON.parse(new TextDecoder().decode(bytes)) as Json;
      if (entry.award !== keys.award) continue;
      if (entry.event === 'issued') {
        if (entry.credential === keys.credential && !place) {
          const tiles = new Map<string, Promise<Uint8Array | undefined>>();
          const proof = await inclusionFromTiles(checkpoint.size, position, async (level, n, width) => {
            const relative = tilePath(level, n, width);
            if (!tiles.has(relative)) tiles.set(relative, get(relative));
            const tile = await tiles.get(relative);
            if (!tile) throw new Error(`the log has no ${relative}`);
            return tile;
          });
          if (!same(await rootFromProof(proof, checkpoint.size, position, await leafHash(bytes)), checkpoint.root))
            return {
              status: 'failed',
              detail: `the inclusion proof of entry ${position} does not lead to the checkpoint's root (${toBase64(checkpoint.root)})`,
            };
          place = { position, size: checkpoint.size };
        } else if (place && place.supersededAt === undefined) place.supersededAt = position;
      } else if (entry.event === 'revoked') revoked = { position, on: String(entry.on) };
      else if (entry.event === 'unrevoked') revoked = undefined;
    }
    if (!place) return { status: 'absent', detail: 'this credential is not in the site’s issuance log' };
    if (revoked) place.revoked = revoked;
    return { status: 'found', place };
  } catch (error) {
    return { status: 'failed', detail: (error as Error).message };
  }
}
