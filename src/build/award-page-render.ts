/**
 * Renders a batch of award pages into the shell and writes them. Runs in the
 * award page workers, or in the build process itself for small sites.
 * Workers get awards without emails: pages never need them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { awardPageParts } from '../lib/award-page-html.ts';
import { compileShell } from '../lib/award-shell.ts';
import type { BadgeClass, Issuer, ProgramRules, PublicAward } from '../lib/schema.ts';
import { buildSiteModel } from '../lib/site-model.ts';
import { sitePaths, siteUrls } from '../lib/site-urls.ts';

/** Everything a renderer needs besides the awards (structured-clonable, for workers). */
export interface AwardPageSetup {
  shell: string;
  outDir: string;
  siteUrl: string;
  issuer: Issuer;
  rules: ProgramRules;
  catalog: BadgeClass[];
  /** Build moment, ISO 8601. */
  now: string;
}

export function awardPageRenderer(setup: AwardPageSetup): (awards: PublicAward[]) => Promise<number> {
  const fill = compileShell(setup.shell);
  const urls = siteUrls(setup.siteUrl);
  return async (awards) => {
    const model = buildSiteModel({ issuer: setup.issuer, rules: setup.rules, badgeClasses: setup.catalog, awards, sources: new Map() }, new Date(setup.now));
    for (const entry of model.published) {
      // Synchronous on purpose: this runs in worker threads, where waiting on the event loop only adds idle time.
      const dir = path.join(setup.outDir, sitePaths.awardPage(entry.award.id));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'index.html'), fill(entry.award.id, awardPageParts(model, entry, urls)));
    }
    return model.published.length;
  };
}
