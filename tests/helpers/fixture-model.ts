/** The fixture content as a site model (no build), for unit tests of page-level logic. */
import { loadContent } from '../../src/lib/content/content-files.ts';
import { buildSiteModel, type PublishedAward, type SiteModel } from '../../src/lib/site-model.ts';
import { siteUrls, type SiteUrls } from '../../src/lib/site-urls.ts';
import { FIXTURE_NOW, fixtureContent } from './site-build.ts';

export function fixtureModel(): SiteModel {
  return buildSiteModel(loadContent(fixtureContent), new Date(FIXTURE_NOW));
}

export const fixtureUrls: SiteUrls = siteUrls('https://badges.example.org/');

/** Fixture award number N (ids end in 0000000000NN). */
export function fixtureAward(model: SiteModel, n: number): PublishedAward {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const entry = model.publishedById.get(id);
  if (!entry) throw new Error(`fixture award ${id} is not published`);
  return entry;
}
