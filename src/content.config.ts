/**
 * Astro content collections. All program data is read and validated by the
 * domain loader (src/lib/content-files.ts); these collections expose the
 * validated result to pages. Schemas come from src/lib/schema.ts.
 *
 * Only published awards enter the content layer, and without their emails:
 * what pages cannot see, they cannot leak.
 */
import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import path from 'node:path';
import { loadContentOnce } from './lib/content-files.ts';
import type { Content } from './lib/content-model.ts';
import { badgeDecisions, publicationDecision } from './lib/eligibility.ts';
import { buildMoment, contentDirSetting } from './lib/build-settings.ts';
import { badgeClassSchema, issuerSchema, pageFrontmatterSchema, programRulesSchema, publicAwardSchema, toPublicAward } from './lib/schema.ts';

const contentDir = contentDirSetting();

type Entry = { id: string; data: Record<string, unknown>; filePath?: string };

/** A loader that fills one collection from the validated content set. */
function emblemLoader(name: string, entries: (content: Content) => Entry[]): Loader {
  return {
    name: `emblem-${name}`,
    load: async ({ store, watcher, logger }) => {
      const sync = () => {
        const content = loadContentOnce(contentDir);
        store.clear();
        for (const entry of entries(content)) store.set(entry);
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

const root = (file: string) => path.relative(process.cwd(), file);

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
    loader: emblemLoader('certifications', (c) => c.badgeClasses.map((b) => ({ id: b.id, data: b, filePath: c.sources.get(b.id) }))),
    schema: badgeClassSchema,
  }),
  awards: defineCollection({
    loader: emblemLoader('awards', (c) => {
      const decisions = badgeDecisions(c.badgeClasses, c.rules);
      return c.awards
        .filter((a) => publicationDecision(a, decisions.get(a.badge)!, buildMoment()).published)
        .map((a) => ({ id: a.id, data: toPublicAward(a) }));
    }),
    schema: publicAwardSchema,
  }),
  pages: defineCollection({
    loader: glob({ pattern: '**/*.mdx', base: root(path.join(contentDir, 'pages')) }),
    schema: pageFrontmatterSchema,
  }),
};
