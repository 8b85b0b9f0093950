/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 signatures,
 * and the checkpoint note of C2SP tlog-checkpoint: origin, tree size, base64
 * root hash. Follows golang.org/x/mod/sumdb/note (key hash, verifier key
 * encoding, Open's rules: unknown signatures ignored, a known key's bad
 * signature rejects the note, at least one known signature needed).
 *
 *   key ID    = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]
 *   signature = — <key name> base64(key ID || Ed25519 signature over the text)
 *   vkey      = <key name>+<hex key ID>+base64(0x01 || public key)
 *
 * The log's key is its own Ed25519 key, derived from the issuer's signing key
 * (logKeyFrom): no second secret to keep, and a note is never signed with the
 * key that signs credentials.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { EMPTY_TREE_HASH, HASH_SIZE, type Hash } from './merkle.ts';

const ED25519 = 0x01;
/** PKCS #8 wrapping of a 32-byte Ed25519 seed (RFC 8410). */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
/** SubjectPublicKeyInfo wrapping of a 32-byte Ed25519 public key. */
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const MAX_SIGNATURES = 100;

export interface NoteSigner {
  name: string;
  keyId: number;
  publicKey: Uint8Array;
  vkey: string;
  sign(text: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  publicKey: Uint8Array;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteError';
  }
}

function checkKeyName(name: string): void {
  if (!name || /[\s+]/u.test(name)) throw new NoteError(`key name "${name}" must be non-empty, with no space or +`);
}

export function keyId(name: string, publicKey: Uint8Array): number {
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Uint8Array.of(ED25519))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

export function verifierKey(name: string, publicKey: Uint8Array): string {
  checkKeyName(name);
  const id = keyId(name, publicKey).toString(16).padStart(8, '0');
  return `${name}+${id}+${Buffer.concat([Uint8Array.of(ED25519), publicKey]).toString('base64')}`;
}

/** A signer from a 32-byte Ed25519 seed (RFC 8032 private key). */
export function noteSigner(name: string, seed: Uint8Array): NoteSigner {
  checkKeyName(name);
  if (seed.length !== 32) throw new NoteError('an Ed25519 seed has 32 bytes');
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32));
  return {
    name,
    keyId: keyId(name, publicKey),
    publicKey,
    vkey: verifierKey(name, publicKey),
    sign: (text) => new Uint8Array(sign(null, text, privateKey)),
  };
}

/** A verifier from a vkey line (`name+hash+base64`), checking its key ID as Go's note.NewVerifier does. */
export function noteVerifier(vkey: string): NoteVerifier {
  // The key's base64 may hold + itself: split at the first two (as Go's note.NewVerifier does).
  const match = /^([^+]+)\+([^+]+)\+(.+)$/.exec(vkey.trim());
  if (!match) throw new NoteError(`"${vkey}" is not a verifier key (name+hash+key)`);
  const [, name, hex, key64] = match as unknown as [string, string, string, string];
  checkKeyName(name);
  const key = Buffer.from(key64, 'base64');
  if (!/^[0-9a-f]{8}$/.test(hex) || key.length !== 33 || key[0] !== ED25519 || key.toString('base64') !== key64)
    throw new NoteError(`"${vkey}" is not an Ed25519 verifier key`);
  const publicKey = new Uint8Array(key.subarray(1));
  const id = keyId(name, publicKey);
  if (id !== Number.parseInt(hex, 16))
    throw new NoteError(`verifier key ${name}: its key hash ${hex} does not match the key`);
  const keyObject = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
  return {
    name,
    keyId: id,
    publicKey,
    verify: (text, signature) => signature.length === 64 && verify(null, text, keyObject, signature),
  };
}

/** The note `text` (ending in a newline) signed by every signer. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) throw new NoteError('a note text ends with a newline');
  checkText(text);
  const bytes = new TextEncoder().encode(text);
  const lines = signers.map((s) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(s.keyId);
    return `— ${s.name} ${Buffer.concat([id, s.sign(bytes)]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

function checkText(text: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the specification forbids them
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new NoteError('a note has no control characters but newlines');
}

export interface OpenedNote {
  text: string;
  /** The names of the known keys whose signatures verified. */
  verifiedBy: string[];
}

/**
 * Opens a signed note: its text, once a signature by one of `known` verifies.
 * Unknown signatures are ignored; a known key's failed signature, a malformed
 * note, or no known signature throws (note.Open's rules).
 */
export function openNote(note: string, known: readonly NoteVerifier[]): OpenedNote {
  checkText(note.replace(/\n/g, ''));
  if (!note.endsWith('\n')) throw new NoteError('the note does not end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('the note has no signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('the note has too many signatures');
  const bytes = new TextEncoder().encode(text);
  const verifiedBy: string[] = [];
  for (const line of lines) {
    const match = /^— (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!match) throw new NoteError(`malformed signature line "${line}"`);
    const [, name, sig64] = match as unknown as [string, string, string];
    const sig = Buffer.from(sig64, 'base64');
    if (sig.length < 5 || sig.toString('base64') !== sig64) throw new NoteError(`malformed signature by ${name}`);
    const id = sig.readUInt32BE(0);
    const verifier = known.find((k) => k.name === name && k.keyId === id);
    if (!verifier) continue;
    if (!verifier.verify(bytes, sig.subarray(4)))
      throw new NoteError(`the signature by ${name} does not verify: the note was changed or signed by another key`);
    verifiedBy.push(name);
  }
  if (!verifiedBy.length)
    throw new NoteError(`no signature by a known key (${known.map((k) => k.name).join(', ') || 'none given'})`);
  return { text, verifiedBy };
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
}

export function checkpointText(checkpoint: Checkpoint): string {
  return `${checkpoint.origin}\n${checkpoint.size}\n${Buffer.from(checkpoint.root).toString('base64')}\n`;
}

/** Parses a checkpoint note's text (C2SP tlog-checkpoint; extension lines are kept out). */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new NoteError('a checkpoint has at least three lines');
  const [origin, sizeLine, root64] = lines as [string, string, string];
  if (!origin) throw new NoteError('the checkpoint has no origin');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine)))
    throw new NoteError(`the checkpoint size "${sizeLine}" is not a number`);
  const root = Buffer.from(root64, 'base64');
  if (root.length !== HASH_SIZE || root.toString('base64') !== root64)
    throw new NoteError('the checkpoint root is not a base64 SHA-256 hash');
  const size = Number(sizeLine);
  if (size === 0 && !root.equals(EMPTY_TREE_HASH)) throw new NoteError('an empty checkpoint has the empty tree hash');
  return { origin, size, root: new Uint8Array(root) };
}

/** Opens and parses a signed checkpoint; its origin must be the log's. */
export function openCheckpoint(
  note: string,
  known: readonly NoteVerifier[],
  origin?: string,
): Checkpoint & { note: string } {
  const { text } = openNote(note, known);
  const checkpoint = parseCheckpoint(text);
  if (origin !== undefined && checkpoint.origin !== origin)
    throw new NoteError(`the checkpoint is for log "${checkpoint.origin}", not "${origin}"`);
  return { ...checkpoint, note };
}

/** The log's origin (and key name): the site's host and base path, then /log (C2SP: the schema-less URL prefix). */
export function logOrigin(siteUrl: string): string {
  const url = new URL(siteUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
}

/** Bump to change every site's log key at once (never). */
const LOG_KEY_DERIVATION = 'emblem-transparency-log-key/1';

/** The log's note signer: an Ed25519 seed derived from the issuer's secret key (one-way: the note key says nothing of it). */
export function logKeyFrom(secretKeyMultibase: string, origin: string): NoteSigner {
  return noteSigner(origin, createHash('sha256').update(`${LOG_KEY_DERIVATION}\n${secretKeyMultibase}`).digest());
}
