/**
 * What every post-build step gets: the full site model (awards with emails,
 * for hashing only), the URLs, and where to write.
 */
import type { Content } from '../lib/content/content-model.ts';
import type { Ledger } from '../lib/lifecycle/ledger.ts';
import type { Award } from '../lib/content/schema.ts';
import type { SiteModel } from '../lib/site-model.ts';
import type { SiteUrls } from '../lib/site-urls.ts';

export interface BuildContext {
  /** Absolute path of the folder Astro just wrote. */
  outDir: string;
  /** Folder for caches that should survive between builds (proofs, cards). */
  cacheDir: string;
  /** Everything that was read, published or not. */
  content: Content;
  model: SiteModel<Award>;
  /** Every award ever published: status slots and revocations (up to date with the content). */
  ledger: Ledger;
  urls: SiteUrls;
  /** 'production' refuses development signing keys. */
  mode: 'production' | 'development';
  log: (message: string) => void;
  /**
   * Set when the award folders came from the site this build replaces
   * (recycled-output.ts): steps name the files they place there, and the
   * rest is removed.
   */
  recycledAwardFolders?: { placed: Set<string> };
  /**
   * Files a step placed whose bytes it knows (checked against a cache
   * entry's name, or held in memory): the output scan takes what it would
   * learn from reading them from here when it can (cards, credentials).
   */
  placedFiles?: Map<string, PlacedFile>;
  /** Set by `npm run build`: the site manifest is published once the new site has replaced the old one (site-manifest.ts). */
  manifestAfterSwap?: boolean;
}

export interface PlacedFile {
  sha256: string;
  bytes: number;
  /** This build's secrets found in the bytes placed (privacy-guard.ts), when the step looked (it held them in memory). */
  secrets?: string[];
}

export type BuildStep = (context: BuildContext) => Promise<void>;
