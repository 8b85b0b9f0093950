/**
 * Build step: every published award becomes verifiable from static files.
 *
 *   issuer.json, revocations.json, certifications/<id>/badgeclass.json   Open Badges 2.0 (hosted)
 *   badges/<id>/assertion.json                                          Open Badges 2.0 assertion
 *   badges/<id>/credential.json                                         Open Badges 3.0, signed
 *   certifications/<id>/artwork.png|svg                                 the artwork to bake in the other format
 *   status/revocation.json                                              BitstringStatusList, signed
 *   .well-known/did.json (or did.json under a base path)                the issuer's did:web document
 *   .well-known/emblem-registry-entry.json (or emblem-registry-entry.json) what a known-issuer registry lists
 *
 * Status slots and revocations come from the ledger (context.ledger): an award
 * that was published keeps its slot for good, and a revoked one stays revoked
 * in the list and in revocations.json, with a tombstone assertion, even once
 * hidden, deleted or erased. Withheld awards that were never published get no
 * file, no slot and no line in any list.
 *
 * Baked badge images are not written per award: the award page makes them in
 * the browser from the JSON and the badge class's artwork (baked-badges.ts).
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDocumentLoader } from '../../lib/credentials/document-loader.ts';
import { recipientIdentityWith } from '../../lib/credentials/identity.ts';
import { siteDid } from '../../lib/credentials/keys.ts';
import { historyDidDocument, keyHistoryDocument } from '../../lib/credentials/key-history.ts';
import {
  ob2Assertion,
  ob2BadgeClass,
  ob2Issuer,
  ob2RevocationList,
  ob2Tombstone,
  type JsonObject,
} from '../../lib/credentials/ob2.ts';
import {
  createCredentialSigner,
  ob3Credential,
  type ProofCache,
  type ProofCacheEntry,
} from '../../lib/credentials/ob3.ts';
import { registryEntry } from '../../lib/credentials/registry-entry.ts';
import { statusEntry, statusListCredential } from '../../lib/credentials/status-list.ts';
import { isRevokedAt, tombstones, type Ledger } from '../../lib/lifecycle/ledger.ts';
import type { Award } from '../../lib/content/schema.ts';
import type { PublishedAward } from '../../lib/site-model.ts';
import { sitePaths } from '../../lib/site-urls.ts';
import { writeBakingArtwork } from './baked-badges.ts';
import { LinkedFiles, sha256Hex } from '../infrastructure/cache-entry.ts';
import { codeVersion } from '../infrastructure/code-version.ts';
import type { BuildContext } from '../context.ts';
import { notePlaced } from '../infrastructure/recycled-output.ts';
import { secretsToGuard } from '../checks/private-tokens.ts';
import { secretsIn } from '../checks/scan-file.ts';
import { buildCacheSeal, buildSigningKey } from './signing-key.ts';
import type { SignTask, SignWorkerSetup } from './sign-worker.ts';
import { startProgress } from '../infrastructure/progress.ts';
import { inBatches, runOnWorkers } from '../infrastructure/worker-pool.ts';

/** Below this many new signatures, starting signing threads costs more than it saves. */
const SIGN_IN_PROCESS_BELOW = 200;

/** Awards whose credentials are made and written together: enough to keep both cores busy signing, few enough that memory stays flat. */
const CREDENTIAL_CHUNK = 2000;

export function fileProofCache(folder: string): ProofCache {
  const file = (key: string) => path.join(folder, key.slice(0, 2), `${key}.json`);
  return {
    async get(key) {
      try {
        // Synchronous: one small file per award, read one after another (an await per read only adds thread-pool round trips).
        return JSON.parse(readFileSync(file(key), 'utf8')) as JsonObject;
      } catch {
        return undefined;
      }
    },
    async set(key, entry) {
      await mkdir(path.dirname(file(key)), { recursive: true });
      await writeFile(file(key), JSON.stringify(entry));
    },
  };
}

async function writeJson(outDir: string, relative: string, value: unknown): Promise<void> {
  const file = path.join(outDir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value, null, 2) + '\n');
}

/** The status list reflects events up to now; its validFrom is the latest of them,
 * so the list (and its signature) only changes when a status does. */
function latestEvent(context: BuildContext): string {
  const now = context.model.now.getTime();
  let latest = 0;
  for (const { award } of context.model.published) latest = Math.max(latest, Date.parse(award.issuedOn));
  for (const entry of context.ledger.entries) {
    if (entry.revoked && Date.parse(entry.revoked.on) <= now) latest = Math.max(latest, Date.parse(entry.revoked.on));
    for (const u of entry.unrevoked ?? []) latest = Math.max(latest, Date.parse(u.on));
  }
  return new Date(Math.min(latest || now, now)).toISOString().replace(/\.000Z$/, 'Z');
}

/** Every published award's slot, from the ledger (the build checked it is up to date). */
function statusIndexes(ledger: Ledger, publishedIds: readonly string[]): Map<string, number> {
  const byId = new Map(ledger.entries.map((e) => [e.id.toLowerCase(), e.index]));
  const indexes = new Map<string, number>();
  for (const id of publishedIds) {
    const index = byId.get(id.toLowerCase());
    if (index === undefined)
      throw new Error(`award ${id} is published but has no ledger entry (run npm run ledger -- --write)`);
    indexes.set(id, index);
  }
  return indexes;
}

/** Bump when what the award files' keys cover changes. */
const AWARD_FILES_VERSION = 'emblem-award-files/1';

/**
 * The keys of an award's files in the build cache: an HMAC, its key derived
 * from the signing key, over what the file is made from (`shared` for every
 * award, `inputs` for one) and the code version. Only the signing key's holder
 * can make an entry under a name a build looks for, so an entry planted in a
 * shared CI cache is never found (as with the proof cache).
 */
export function awardFilesKeys(secretKey: string, shared: unknown): (kind: string, inputs: string) => string {
  const key = createHash('sha256').update(`${AWARD_FILES_VERSION}\n${secretKey}`).digest();
  const prefix = `${AWARD_FILES_VERSION}\n${codeVersion()}\n${JSON.stringify(shared)}\n`;
  return (kind, inputs) => createHmac('sha256', key).update(`${prefix}${kind}\n${inputs}`).digest('hex');
}

/** What the parts of the step share: the context, the signer, the DID and its document, the status list's URL. */
interface Signing {
  signingKey: Awaited<ReturnType<typeof buildSigningKey>>;
  did: string;
  didDoc: JsonObject;
  signer: Awaited<ReturnType<typeof createCredentialSigner>>;
  listUrl: string;
}

/** What an award's documents are made from, besides the award itself. */
interface AwardDocumentInputs {
  entry: PublishedAward<Award>;
  identity: ReturnType<typeof recipientIdentityWith>;
  statusIndex: number;
  context: BuildContext;
  signing: Signing;
}

/**
 * The files in every published award's folder, one row per format: where it
 * is published and how its document is made. `signed` documents are signed
 * together, on the pool when there are many. A new format is a row here plus
 * its document module in src/lib/credentials/.
 */
const AWARD_FILE_FORMATS: readonly {
  kind: string;
  path: (awardId: string) => string;
  document: (inputs: AwardDocumentInputs) => JsonObject;
  signed: boolean;
}[] = [
  {
    kind: 'assertion',
    path: sitePaths.ob2Assertion,
    document: ({ entry, identity, context }) => ob2Assertion(entry, identity, context.urls),
    signed: false,
  },
  {
    kind: 'credential',
    path: sitePaths.ob3Credential,
    document: ({ entry, identity, statusIndex, context, signing }) =>
      ob3Credential({
        entry,
        issuer: context.model.issuer,
        identity,
        urls: context.urls,
        did: signing.did,
        credentialStatus: statusEntry(signing.listUrl, statusIndex),
      }),
    signed: true,
  },
];

/** `prune`: drop stored award files this build did not place (not in a shard: shards may share one cache). */
export async function writeCredentials(
  context: BuildContext,
  { prune = true }: { prune?: boolean } = {},
): Promise<void> {
  const { model, urls, log } = context;
  const started = performance.now();
  const signing = await prepareSigning(context);
  await writeSiteDocuments(context, signing);
  const indexes = statusIndexes(
    context.ledger,
    model.published.map((p) => p.award.id),
  );
  const awardFiles = new LinkedFiles(
    path.join(context.cacheDir, 'credentials'),
    '.json',
    await buildCacheSeal(context),
  );
  const files = awardFilePlacer(context, signing, awardFiles);
  await writeRevocations(context, signing, new Set(indexes.keys()), files);
  const kept = await writeAwardFiles(context, signing, indexes, files);
  if (prune) awardFiles.prune();

  const { signer, did, signingKey } = signing;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(
    `credentials: ${model.published.length} award(s) as OB 2.0 + OB 3.0 in ${seconds} s; ` +
      `${kept} unchanged (their files kept), ${signer.stats.signed} signed, ${signer.stats.reused} proof(s) reused` +
      (signer.stats.rejected
        ? ` (${signer.stats.rejected} cached proof(s) did not verify and were signed again)`
        : '') +
      `; issuer ${did} (key from ${signingKey.source}); site ${urls.site}`,
  );
}

/** The signing key, the site's DID and its document, and a signer that reuses cached proofs and signs many on the pool. */
async function prepareSigning(context: BuildContext): Promise<Signing> {
  const { model, urls, cacheDir, mode, log } = context;
  if (urls.origin.startsWith('http:')) {
    if (mode === 'production')
      throw new Error(
        `did:web needs HTTPS: set site.url in the issuer file or EMBLEM_SITE_URL to an https:// URL (now ${urls.site})`,
      );
    log(
      `credentials: the site URL ${urls.site} is not HTTPS; did:web verifiers will not resolve its key (fine for local preview)`,
    );
  }
  const signingKey = await buildSigningKey(context);
  const recordedKey = context.ledger.publicKey;
  if (recordedKey && recordedKey !== signingKey.key.publicKeyMultibase && mode === 'production') {
    log(
      `credentials: the signing key ${signingKey.key.publicKeyMultibase} is not the one recorded in the ledger (${recordedKey}); npm run plan flags this change`,
    );
  }
  // A proof is dated at the build moment: one dated before its key's window would fail once the key is retired.
  const record = signingKey.history.keys.find((k) => k.publicKeyMultibase === signingKey.key.publicKeyMultibase);
  if (record && Date.parse(record.validFrom) > model.now.getTime() && mode === 'production')
    throw new Error(
      `${signingKey.historyFile}: the signing key ${record.publicKeyMultibase} signs from ${record.validFrom}, after this build's moment ${model.now.toISOString()}; build later, or rotate with an earlier --on`,
    );
  const did = siteDid(urls);
  const didDoc = historyDidDocument(did, signingKey.key.publicKeyMultibase, signingKey.history, signingKey.previous);
  const documentLoader = createDocumentLoader({
    resolveDid: async (requested) => {
      if (requested !== did) throw new Error(`Unknown DID ${requested}`);
      return didDoc;
    },
  });
  // Proofs are dated at the build moment, not the moment of signing: the same content signs to the same
  // bytes wherever and whenever it is signed (one machine or shards, see shard.ts).
  const setup: SignWorkerSetup = { key: signingKey.key, did, didDocument: didDoc, created: model.now.toISOString() };
  const onSignWorkers = <R>(tasks: SignTask[]) =>
    runOnWorkers<SignTask, R[]>(new URL('./sign-worker.ts', import.meta.url), tasks, { workerData: setup });
  const signer = await createCredentialSigner({
    key: signingKey.key,
    did,
    documentLoader,
    now: () => model.now,
    cache: fileProofCache(path.join(cacheDir, 'proofs')),
    // Many new credentials (a first build, a new key): sign them on every core.
    signMissing: async (unsigned) => {
      if (unsigned.length < SIGN_IN_PROCESS_BELOW) return [];
      return (await onSignWorkers<ProofCacheEntry>(inBatches(unsigned, 100).map((sign) => ({ sign })))).flat();
    },
    // Many cached proofs from before entries carried their hash (the first rebuild after an upgrade): checked on every core.
    checkCached: async (entries) => {
      if (entries.length < SIGN_IN_PROCESS_BELOW) return [];
      return (await onSignWorkers<boolean>(inBatches(entries, 100).map((check) => ({ check })))).flat();
    },
  });
  return { signingKey, did, didDoc, signer, listUrl: urls.url(sitePaths.statusList()) };
}

/** The issuer profile, the badge classes that have awards, the DID document, the registry entry, and the artwork the award pages bake from. */
async function writeSiteDocuments(
  { model, urls, outDir }: BuildContext,
  { did, didDoc, signingKey }: Signing,
): Promise<void> {
  await writeJson(outDir, sitePaths.ob2Issuer(), ob2Issuer(model.issuer, urls));
  const usedBadges = new Map(model.published.map((p) => [p.badgeClass.id, p.badgeClass]));
  for (const badgeClass of usedBadges.values()) {
    await writeJson(outDir, sitePaths.ob2BadgeClass(badgeClass.id), ob2BadgeClass(badgeClass, model.issuer, urls));
  }
  await writeJson(outDir, sitePaths.didDocument(urls.base), didDoc);
  if (signingKey.history.keys.length)
    await writeJson(outDir, sitePaths.keyHistory(urls.base), keyHistoryDocument(did, signingKey.history));
  await writeJson(outDir, sitePaths.registryEntry(urls.base), registryEntry(model.issuer, did));
  await writeBakingArtwork(outDir, usedBadges.values());
}

/** Places award files kept in the build cache (take) or made now (place), handing what the output scan needs to it. */
interface AwardFilePlacer {
  place(key: string, relative: string, text: string): void;
  take(key: string, relative: string): boolean;
  keyOf(kind: string, inputs: string): string;
}

function awardFilePlacer(
  context: BuildContext,
  { signingKey, did }: Signing,
  awardFiles: LinkedFiles,
): AwardFilePlacer {
  const { outDir, urls, model } = context;
  const keyOf = awardFilesKeys(signingKey.key.secretKeyMultibase, {
    site: urls.site,
    did,
    issuer: model.issuer,
    publicKey: signingKey.key.publicKeyMultibase,
  });
  const secrets = secretsToGuard();
  // For the output scan, which then need not read the file again: its digest, and this build's secrets looked for in its bytes.
  const handOver = (relative: string, bytes: Buffer, sha256: string) =>
    context.placedFiles?.set(relative, { sha256, bytes: bytes.length, secrets: secretsIn(bytes, secrets) });
  return {
    keyOf,
    place(key, relative, text) {
      const bytes = Buffer.from(text);
      handOver(relative, bytes, awardFiles.place(key, path.join(outDir, relative), bytes));
    },
    take(key, relative) {
      const kept = awardFiles.take(key, path.join(outDir, relative));
      if (kept) handOver(relative, kept.bytes, kept.sha256);
      return kept !== undefined;
    },
  };
}

const awardFolder = (outDir: string, awardId: string) =>
  mkdirSync(path.join(outDir, sitePaths.awardPage(awardId)), { recursive: true });

/**
 * The status list and OB 2.0 revocations, from the ledger, so nothing once
 * published goes backwards; revoked awards no longer published keep a
 * tombstone assertion.
 */
async function writeRevocations(
  context: BuildContext,
  { signer, did, listUrl }: Signing,
  publishedIds: Set<string>,
  files: AwardFilePlacer,
): Promise<void> {
  const { ledger, model, urls, outDir, log } = context;
  const gone = tombstones(ledger, publishedIds, model.now);
  const revoked = ledger.entries.filter((e) => isRevokedAt(e, model.now));
  await writeJson(
    outDir,
    sitePaths.ob2RevocationList(),
    ob2RevocationList(
      revoked.map((e) => ({ id: e.id, reason: e.revoked!.reason })),
      urls,
    ),
  );
  for (const entry of gone) {
    awardFolder(outDir, entry.id);
    const tombstone = ob2Tombstone(entry.id, entry.revoked!.reason, urls);
    files.place(
      files.keyOf('tombstone', JSON.stringify(tombstone)),
      sitePaths.ob2Assertion(entry.id),
      JSON.stringify(tombstone, null, 2) + '\n',
    );
  }
  notePlaced(
    context,
    gone.map((entry) => sitePaths.ob2Assertion(entry.id)),
  );
  const unsignedList = await statusListCredential({
    listUrl,
    issuer: did,
    revokedIndexes: revoked.map((e) => e.index),
    validFrom: latestEvent(context),
  });
  await writeJson(outDir, sitePaths.statusList(), await signer.sign(unsignedList));
  if (gone.length)
    log(
      `credentials: ${gone.length} revoked award(s) no longer published keep their status bit and a tombstone assertion`,
    );
}

/**
 * Every published award's files (AWARD_FILE_FORMATS), a chunk of awards at a
 * time: files kept in the cache are placed as they are; the rest are made,
 * signed (signatures reused from the proof cache, or made on the pool) and
 * placed; then the chunk is dropped, so memory does not grow with the number
 * of awards. Returns how many awards kept all their files.
 */
async function writeAwardFiles(
  context: BuildContext,
  signing: Signing,
  indexes: Map<string, number>,
  files: AwardFilePlacer,
): Promise<number> {
  const { model, outDir } = context;
  const progress = startProgress('credentials', model.published.length);
  let kept = 0;
  for (const chunk of inBatches(model.published, CREDENTIAL_CHUNK)) {
    const toMake: { entry: PublishedAward<Award>; keys: string[] }[] = [];
    for (const entry of chunk) {
      const inputs = JSON.stringify({ entry, statusIndex: indexes.get(entry.award.id) });
      const keys = AWARD_FILE_FORMATS.map((format) => files.keyOf(format.kind, inputs));
      awardFolder(outDir, entry.award.id);
      if (AWARD_FILE_FORMATS.every((format, i) => files.take(keys[i]!, format.path(entry.award.id)))) kept++;
      else toMake.push({ entry, keys });
    }
    const documents = toMake.map(({ entry }) => {
      const identity = recipientIdentityWith(sha256Hex, entry.award.id, entry.award.recipient.email);
      const inputs: AwardDocumentInputs = {
        entry,
        identity,
        statusIndex: indexes.get(entry.award.id)!,
        context,
        signing,
      };
      return AWARD_FILE_FORMATS.map((format) => format.document(inputs));
    });
    // Each signed format's documents signed together (many at once go to the pool).
    for (const [i, format] of AWARD_FILE_FORMATS.entries()) {
      if (!format.signed) continue;
      const signed = await signing.signer.signAll(documents.map((docs) => docs[i]!));
      signed.forEach((document, j) => {
        documents[j]![i] = document;
      });
    }
    // Compact: these files are per award (indenting would add a fifth to their size); a browser's JSON viewer
    // formats them for reading. Synchronous: small files one after another, where a promise per file only adds
    // thread-pool round trips.
    toMake.forEach(({ entry, keys }, j) => {
      AWARD_FILE_FORMATS.forEach((format, i) => {
        files.place(keys[i]!, format.path(entry.award.id), JSON.stringify(documents[j]![i]) + '\n');
      });
    });
    notePlaced(
      context,
      chunk.flatMap(({ award }) => AWARD_FILE_FORMATS.map((format) => format.path(award.id))),
    );
    progress.advance(chunk.length);
  }
  progress.done();
  return kept;
}
