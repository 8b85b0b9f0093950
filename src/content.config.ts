/**
 * Astro content collections. All program data is read and validated by the
 * domain loader (src/lib/content/content-files.ts); these collections expose the
 * validated result to pages. Schemas come from src/lib/content/schema.ts.
 *
 * Only published awards enter the content layer, and without their emails:
 * what pages cannot see, they cannot leak. And only on the dev server, which
 * renders each award page through Astro: a build renders award pages in its
 * own step from the validated content (src/steps/award-pages/award-pages.ts), so tens of
 * thousands of awards stay out of Astro's store and server bundle; pages get
 * the counts they show (awardCounts) instead.
 */
import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import path from 'node:path';
import { loadContentOnce } from './lib/content/content-files.ts';
import type { Content } from './lib/content/content-model.ts';
import { badgeDecisions, publicationDecision } from './lib/eligibility.ts';
import { astroRootSetting, buildMoment, contentDirSetting } from './lib/build-settings.ts';
import { publishedCounts } from './lib/award-page/page-data.ts';
import { buildSiteModel } from './lib/site-model.ts';
import { profileSummary, profileSummarySchema } from './lib/profile/profile-page.ts';
import {
  awardCountSchema,
  badgeClassSchema,
  issuerSchema,
  pageFrontmatterSchema,
  programRulesSchema,
  publicAwardSchema,
  toPublicAward,
} from './lib/content/schema.ts';

const contentDir = contentDirSetting();

type Entry = { id: string; data: Record<string, unknown>; filePath?: string };

/** A loader that fills one collection from the validated content set. `dev`: the dev server (it alone watches files). */
function emblemLoader(name: string, entries: (content: Content, where: { dev: boolean }) => Entry[]): Loader {
  return {
    name: `emblem-${name}`,
    load: async ({ store, watcher, logger }) => {
      const sync = () => {
        const content = loadContentOnce(contentDir);
        store.clear();
        for (const entry of entries(content, { dev: watcher !== undefined })) store.set(entry);
      };
      sync();
      // Dev server: reload when an editor saves a content data file.
      watcher?.add(contentDir);
      watcher?.on('change', (file) => {
        if (!file.startsWith(contentDir) || !/\.(ya?ml|json)$/.test(file)) return;
        try {
          sync();
        } catch (error) {
          logger.error((error as Error).message);
        }
      });
    },
  };
}

// The glob loader reads its base relative to Astro's root.
const root = (file: string) => path.relative(astroRootSetting(), file);

export const collections = {
  issuer: defineCollection({
    loader: emblemLoader('issuer', (c) => [{ id: 'issuer', data: c.issuer }]),
    schema: issuerSchema,
  }),
  rules: defineCollection({
    loader: emblemLoader('rules', (c) => [{ id: 'rules', data: c.rules }]),
    schema: programRulesSchema,
  }),
  certifications: defineCollection({
    loader: emblemLoader('certifications', (c) =>
      c.badgeClasses.map((b) => ({ id: b.id, data: b, filePath: c.sources.get(b.id) })),
    ),
    schema: badgeClassSchema,
  }),
  awards: defineCollection({
    loader: emblemLoader('awards', (c, { dev }) => {
      if (!dev) return [];
      const decisions = badgeDecisions(c.badgeClasses, c.rules);
      return c.awards
        .filter((a) => publicationDecision(a, decisions.get(a.badge)!, buildMoment()).published)
        .map((a) => ({ id: a.id, data: toPublicAward(a) }));
    }),
    schema: publicAwardSchema,
  }),
  awardCounts: defineCollection({
    loader: emblemLoader('awardCounts', (c) =>
      [...publishedCounts(buildSiteModel(c, buildMoment()))].map(([id, published]) => ({ id, data: { published } })),
    ),
    schema: awardCountSchema,
  }),
  // Earners' profiles (opt-in) as their pages show them: the awards' names and dates, never an email.
  profiles: defineCollection({
    loader: emblemLoader('profiles', (c) =>
      buildSiteModel(c, buildMoment()).profiles.map((p) => ({ id: p.id, data: profileSummary(p) })),
    ),
    schema: profileSummarySchema,
  }),
  pages: defineCollection({
    loader: glob({ pattern: '**/*.mdx', base: root(path.join(contentDir, 'pages')) }),
    schema: pageFrontmatterSchema,
  }),
};
