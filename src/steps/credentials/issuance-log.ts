/**
 * Build step: the public, append-only issuance log (issue 28) under /log/, in
 * the C2SP tlog-tiles layout (src/lib/transparency/): every issuance,
 * revocation, un-revocation and erasure as an entry of hashes, a checkpoint
 * signed by the log's own key, and the log's verifier key (log/key).
 *
 * Append-only across builds. The log this build extends is the published one:
 *   - with a deployed site to compare with (EMBLEM_DEPLOYED_SITE, the same
 *     setting and default as the deployed revocations check: the site URL in
 *     production, a URL or a folder), its checkpoint, which must be signed by
 *     this site's log key. Its entries come from the build cache when the
 *     cached log starts with exactly that tree, else from the deployed entry
 *     bundles, checked against the checkpoint's root;
 *   - without (development, or EMBLEM_DEPLOYED_SITE=none), the log the last
 *     build on this machine wrote (the build cache, its checkpoint checked with
 *     the log key, so a planted cache is not used), else an empty log.
 * The new entries (planAppend: from the ledger and the credentials just
 * written) are appended, and the new tree is proved to extend the previous
 * checkpoint. A build that would need the log rewritten (a credential re-dated,
 * a revocation dropped without a recorded un-revocation, an erased award back,
 * an award gone from the ledger, a deployed log whose entries do not match its
 * checkpoint) stops, saying why.
 *
 * The log key: an Ed25519 note key derived from the signing key (note.ts,
 * logKeyFrom), named for the log (`<host><base>/log`). Nothing secret reaches
 * /log/: entries are hashes, dates and status slots, and the privacy check
 * reads /log/ (scan-file.ts).
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setting } from '../../lib/settings.ts';
import { siteUrls, sitePaths } from '../../lib/site-urls.ts';
import {
  awardIndex,
  credentialDigest,
  decodeEntry,
  encodeEntry,
  type LogEntry,
  type PublishedCredential,
  planAppend,
} from '../../lib/transparency/entries.ts';
import {
  type LogFileReader,
  type ReadLog,
  readPublishedLog,
  readText,
  TransparencyLog,
  CHECKPOINT_FILE,
} from '../../lib/transparency/log.ts';
import { logKeyFrom, logOrigin, type NoteVerifier, noteVerifier, openCheckpoint } from '../../lib/transparency/note.ts';
import { sameHash } from '../../lib/transparency/merkle.ts';
import { decodeBundle, encodeBundle } from '../../lib/transparency/tiles.ts';
import type { BuildContext, BuildStep } from '../context.ts';
import { deployedSite } from './deployed-revocations.ts';
import { buildSigningKey } from './signing-key.ts';

/** The log's folder in the site. */
export const LOG_FOLDER = 'log';
const CACHE_FOLDER = 'issuance-log';
const FETCH_TIMEOUT_MS = 15_000;

/** Reads a log's files from a folder, or from a site (folder or URL) under log/. */
export function logReader(source: string, { underLog = true } = {}): LogFileReader {
  const prefix = underLog ? `${LOG_FOLDER}/` : '';
  if (!/^https?:\/\//i.test(source))
    return async (relative) => {
      try {
        return new Uint8Array(await readFile(path.resolve(source, prefix + relative)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new Error(`cannot read ${path.resolve(source, prefix + relative)}: ${(error as Error).message}`);
      }
    };
  const urls = siteUrls(source);
  return async (relative) => {
    const url = urls.url(prefix + relative);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (error) {
      throw new Error(
        `cannot read ${url} (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`,
      );
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

/** The cached log: its checkpoint and all its entries in one bundle (entries). */
async function readCachedLog(
  folder: string,
  known: NoteVerifier[],
  origin: string,
): Promise<TransparencyLog | undefined> {
  try {
    const note = await readFile(path.join(folder, CHECKPOINT_FILE), 'utf8');
    const checkpoint = openCheckpoint(note, known, origin);
    const log = new TransparencyLog(decodeBundle(new Uint8Array(await readFile(path.join(folder, 'entries')))));
    return log.size === checkpoint.size && sameHash(log.root(), checkpoint.root) ? log : undefined;
  } catch {
    return undefined;
  }
}

/** Every published award's credential as the log records it, read back from the output. */
async function publishedCredentials(context: BuildContext): Promise<Map<string, PublishedCredential>> {
  const published = new Map<string, PublishedCredential>();
  for (const { award } of context.model.published) {
    const file = path.join(context.outDir, sitePaths.ob3Credential(award.id));
    // Synchronous: small files one after another (an await per file only adds thread-pool round trips).
    const credential = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (typeof credential.validFrom !== 'string')
      throw new Error(`${sitePaths.ob3Credential(award.id)} has no validFrom`);
    published.set(award.id.toLowerCase(), {
      credential: credentialDigest(credential),
      validFrom: credential.validFrom,
    });
  }
  return published;
}

function refuse(reason: string): never {
  throw new Error(
    `The issuance log cannot be extended; nothing was published:\n${reason}\n` +
      'The public log is append-only (docs/transparency.md): restore what changed (git log -p content/), or set EMBLEM_DEPLOYED_SITE to a copy of the deployed site.',
  );
}

/** The log keys of earlier signing keys (EMBLEM_PREVIOUS_LOG_KEYS: their `log/key` lines). */
function previousLogKeys(): NoteVerifier[] {
  return (setting('EMBLEM_PREVIOUS_LOG_KEYS') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((vkey) => {
      try {
        return noteVerifier(vkey);
      } catch (error) {
        throw new Error(`EMBLEM_PREVIOUS_LOG_KEYS: ${(error as Error).message}; copy the line of the site's log/key.`);
      }
    });
}

export const writeIssuanceLog: BuildStep = async (context) => {
  const { outDir, cacheDir, urls, ledger, log } = context;
  const started = performance.now();
  const signingKey = await buildSigningKey(context);
  const origin = logOrigin(urls.site);
  const signer = logKeyFrom(signingKey.key.secretKeyMultibase, origin);
  // After a signing key rotation the deployed checkpoint is the old log key's: extended, and signed anew, under the new one.
  const known = [noteVerifier(signer.vkey), ...previousLogKeys()];
  const cacheFolder = path.join(cacheDir, CACHE_FOLDER);
  const cached = await readCachedLog(cacheFolder, known, origin);

  // The log this build extends.
  let previous: TransparencyLog;
  let from: string;
  const source = deployedSite(context);
  if (source && source !== 'none') {
    const read = logReader(source);
    let note: string | undefined;
    try {
      note = await readText(read, CHECKPOINT_FILE);
    } catch (error) {
      refuse(`  cannot read the deployed checkpoint: ${(error as Error).message}`);
    }
    if (note === undefined) {
      previous = new TransparencyLog();
      from = `${source} has no log yet: it starts here`;
    } else {
      let deployed: ReturnType<typeof openCheckpoint>;
      try {
        deployed = openCheckpoint(note, known, origin);
      } catch (error) {
        refuse(`  the deployed checkpoint (${source}) is not one of this log's: ${(error as Error).message}`);
      }
      // The cache is this machine's memory of the log: the deployed one must start with it or be its start.
      if (cached && cached.size >= deployed.size) {
        if (!sameHash(cached.root(deployed.size), deployed.root))
          refuse(
            `  the deployed log (${deployed.size} entries, ${source}) is not the start of the log this machine built last (${cached.size} entries): one of them was rewritten or rebuilt from scratch`,
          );
        previous = new TransparencyLog(cached.entries.slice(0, deployed.size));
        from = `the deployed checkpoint of ${deployed.size} entries (${source}), entries from the build cache`;
      } else {
        let read2: ReadLog | undefined;
        try {
          read2 = await readPublishedLog(read, known, origin, { checkpoint: note });
        } catch (error) {
          refuse(`  the deployed log (${source}) does not match its checkpoint: ${(error as Error).message}`);
        }
        previous = read2!.log;
        if (cached) {
          try {
            previous.checkExtends(cached.checkpoint(origin));
          } catch {
            refuse(
              `  the deployed log (${deployed.size} entries, ${source}) does not extend the log this machine built last (${cached.size} entries): it was rewritten or rebuilt from scratch`,
            );
          }
        }
        from = `the deployed log of ${deployed.size} entries (${source})`;
      }
    }
  } else {
    previous = cached ?? new TransparencyLog();
    from = cached
      ? `the last build's log (${cached.size} entries, build cache)`
      : 'an empty log (nothing deployed to compare with, no earlier build)';
  }

  // What to append, or why the log would have to be rewritten.
  const plan = (base: TransparencyLog) => {
    const logged: LogEntry[] = [];
    for (const [i, bytes] of base.entries.entries()) {
      try {
        logged.push(decodeEntry(bytes));
      } catch (error) {
        refuse(`  entry ${i} of ${from}: ${(error as Error).message}`);
      }
    }
    return { logged, ...planAppend(logged, ledger.entries, published) };
  };
  const published = await publishedCredentials(context);
  let { logged, append, problems } = plan(previous);
  if (problems.length && context.mode === 'development' && previous.size && !(source && source !== 'none')) {
    // Not published, nothing to compare with: a development build on other content starts a new log instead of stopping.
    log(
      `issuance log: the last build's log cannot be extended (award ${problems[0]!.award}: ${problems[0]!.message}); a development build starts a new one`,
    );
    previous = new TransparencyLog();
    from = 'a new log (development build)';
    ({ logged, append, problems } = plan(previous));
  }
  if (problems.length) {
    const lines = problems.slice(0, 30).map((p) => `  award ${p.award}: ${p.message}`);
    if (problems.length > 30) lines.push(`  … and ${problems.length - 30} more`);
    refuse(lines.join('\n'));
  }
  const before = previous.checkpoint(origin);
  const next = new TransparencyLog(previous.entries);
  for (const entry of append) next.append(encodeEntry(entry));
  next.checkExtends(before);

  // The files: /log/ in the site, and the cache for the next build.
  const folder = path.join(outDir, LOG_FOLDER);
  await rm(folder, { recursive: true, force: true });
  for (const [relative, bytes] of next.files(signer)) {
    await mkdir(path.dirname(path.join(folder, relative)), { recursive: true });
    await writeFile(path.join(folder, relative), bytes);
  }
  for (const [relative, text] of awardIndex([...logged, ...append])) {
    await mkdir(path.dirname(path.join(folder, relative)), { recursive: true });
    await writeFile(path.join(folder, relative), text);
  }
  await mkdir(cacheFolder, { recursive: true });
  await writeFile(path.join(cacheFolder, 'entries'), encodeBundle(next.entries));
  await writeFile(path.join(cacheFolder, CHECKPOINT_FILE), await readFile(path.join(folder, CHECKPOINT_FILE)));

  const counts = new Map<string, number>();
  for (const entry of append) counts.set(entry.event, (counts.get(entry.event) ?? 0) + 1);
  const added = [...counts].map(([event, n]) => `${n} ${event}`).join(', ') || 'nothing new';
  log(
    `issuance log: ${next.size} entries (${added}), extending ${from}; checkpoint signed by ${signer.vkey} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
};
