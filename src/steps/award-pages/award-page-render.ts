/**
 * Renders a batch of award pages into the shell and writes them. Runs in the
 * award page workers, or in the build process itself for small sites.
 * Workers get awards without emails: pages never need them.
 *
 * Pages are kept between builds in `<cacheDir>/award-pages/` as
 * `<key>-<digest>.html`. The key is a SHA-256 of everything a page is made
 * from: the shared part (shell, site URL, issuer, program rules, catalog, the
 * code version; see awardPagesPrefix) and the award's own part (its public
 * record and its state at the build moment). A page is taken from the cache
 * only when its entry's name is sealed by this build's key and its bytes still
 * match the digest in that name (cache-entry.ts); anything else is rendered
 * again. The page text holds nothing but what it publishes.
 * The output file is a hard link to the entry where possible (cache-entry.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  type CacheSeal,
  CheckedEntries,
  entryHolds,
  placeFile,
  readIfPresent,
  sealedEntryKey,
  sha256Hex as sha256,
  writeEntry,
} from '../infrastructure/cache-entry.ts';
import path from 'node:path';
import { awardPageParts } from '../../lib/award-page/award-page-html.ts';
import { compileShell } from '../../lib/award-page/award-shell.ts';
import type { BadgeClass, Issuer, ProgramRules, PublicAward } from '../../lib/content/schema.ts';
import { buildSiteModel, type PublishedAward } from '../../lib/site-model.ts';
import type { ContentProfile } from '../../lib/content/content-model.ts';
import { sitePaths, siteUrls } from '../../lib/site-urls.ts';

/** Bump when the cache entry format or what the key covers changes. */
const AWARD_PAGE_CACHE_VERSION = 'emblem-award-page/2';

/** Everything a renderer needs besides the awards (structured-clonable, for workers). */
export interface AwardPageSetup {
  shell: string;
  outDir: string;
  siteUrl: string;
  issuer: Issuer;
  rules: ProgramRules;
  catalog: BadgeClass[];
  /** Earners' profiles (ids and award ids, no email): an award page links to its earner's. */
  profiles: ContentProfile[];
  /** Build moment, ISO 8601. */
  now: string;
  /** The page cache: its folder, the shared part of every key (awardPagesPrefix), its sealed entries by key, those checked by earlier builds (CheckedEntries), and the build's seal. */
  cache?: {
    dir: string;
    prefix: string;
    entries: Record<string, string>;
    checked: Record<string, string>;
    seal: CacheSeal;
  };
}

export interface AwardPagesDone {
  /** Pages rendered, and pages taken from the cache. */
  rendered: number;
  reused: number;
  /** Cache entries used (found or made): the rest are pruned. */
  entries: string[];
  /** Entries that failed their digest check (rendered again). */
  rejected: string[];
  /** Entries checked or written by this batch, as CheckedEntries records them. */
  checked: Record<string, string>;
}

/** The part of every page's key that all awards share. `code` is the code version (code-version.ts). */
export function awardPagesPrefix(
  setup: Pick<AwardPageSetup, 'shell' | 'siteUrl' | 'issuer' | 'rules' | 'catalog'>,
  code: string,
): string {
  return sha256(
    JSON.stringify({
      version: AWARD_PAGE_CACHE_VERSION,
      code,
      shell: sha256(setup.shell),
      siteUrl: setup.siteUrl,
      issuer: setup.issuer,
      rules: setup.rules,
      catalog: setup.catalog,
    }),
  );
}

/** The key of one award's page: the shared prefix, the award's public record, its state (which is where the build
 * moment enters) and the earner's profile it links to, if any. */
export function awardPageKey(prefix: string, entry: PublishedAward, profileId?: string): string {
  return sha256(`${prefix}\n${JSON.stringify(entry.award)}\n${JSON.stringify(entry.state)}\n${profileId ?? ''}`);
}

/** The key of a cache entry file name, if it is one made by a build with this seal. */
export const awardPageEntryKey = (name: string, seal: CacheSeal) => sealedEntryKey(name, '.html', seal);

export function awardPageRenderer(setup: AwardPageSetup): (awards: PublicAward[]) => Promise<AwardPagesDone> {
  const fill = compileShell(setup.shell);
  const urls = siteUrls(setup.siteUrl);
  const { cache } = setup;
  return async (awards) => {
    const model = buildSiteModel(
      {
        issuer: setup.issuer,
        rules: setup.rules,
        badgeClasses: setup.catalog,
        awards,
        sources: new Map(),
        profiles: setup.profiles,
      },
      new Date(setup.now),
    );
    const checked = new CheckedEntries(cache?.checked ?? {});
    const done: AwardPagesDone = { rendered: 0, reused: 0, entries: [], rejected: [], checked: checked.recorded() };
    for (const entry of model.published) {
      // Synchronous on purpose: this runs in worker threads, where waiting on the event loop only adds idle time.
      const dir = path.join(setup.outDir, sitePaths.awardPage(entry.award.id));
      mkdirSync(dir, { recursive: true });
      const target = path.join(dir, 'index.html');
      if (!cache) {
        writeFileSync(target, fill(entry.award.id, awardPageParts(model, entry, urls)));
        done.rendered++;
        continue;
      }
      const key = awardPageKey(cache.prefix, entry, model.profileByAwardId.get(entry.award.id)?.id);
      const cached = cache.entries[key];
      if (cached) {
        const file = path.join(cache.dir, cached);
        // Checked by an earlier build and not written since: not read again.
        const trusted = checked.holds(file, cached);
        const page = trusted ? undefined : readIfPresent(file);
        if (trusted || (page && entryHolds(cached, key, page, '.html', cache.seal))) {
          placeFile(file, target, page);
          checked.record(file, cached);
          done.reused++;
          done.entries.push(cached);
          continue;
        }
        done.rejected.push(cached);
      }
      const page = Buffer.from(fill(entry.award.id, awardPageParts(model, entry, urls)));
      done.rendered++;
      const name = writeEntry(cache.dir, key, page, '.html', cache.seal);
      placeFile(path.join(cache.dir, name), target, page);
      checked.record(path.join(cache.dir, name), name);
      done.entries.push(name);
    }
    return done;
  };
}
