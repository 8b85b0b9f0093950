/**
 * The Astro side of the domain: collections -> SiteModel, once per build.
 * Pages call siteModel() and the page-data functions; they do no logic of their own.
 */
import { getCollection, getEntry } from 'astro:content';
import { buildMoment, siteUrlSetting } from './lib/build-settings.ts';
import { buildSiteModel, type SiteModel } from './lib/site-model.ts';
import { siteUrls, type SiteUrls } from './lib/site-urls.ts';

let model: Promise<SiteModel> | undefined;

export function siteModel(): Promise<SiteModel> {
  model ??= (async () => {
    const [issuer, rules, certifications, awards] = await Promise.all([
      getEntry('issuer', 'issuer'),
      getEntry('rules', 'rules'),
      getCollection('certifications'),
      // Only the dev server has awards in the content layer (a build renders award pages in its own step).
      import.meta.env.DEV ? getCollection('awards') : [],
    ]);
    if (!issuer || !rules) throw new Error('content: issuer or program rules missing from the content layer');
    return buildSiteModel(
      {
        issuer: issuer.data,
        rules: rules.data,
        badgeClasses: certifications.map((c) => c.data),
        awards: awards.map((a) => a.data),
        sources: new Map(),
      },
      buildMoment(),
    );
  })();
  return model;
}

let urls: SiteUrls | undefined;
export function site(): SiteUrls {
  return (urls ??= siteUrls(siteUrlSetting()));
}

let counts: Promise<Map<string, number>> | undefined;

/** Published, unrevoked awards per catalog id (the content layer holds these counts; in a build it holds no awards). */
export function awardCounts(): Promise<Map<string, number>> {
  counts ??= getCollection('awardCounts').then((entries) => new Map(entries.map((e) => [e.id, e.data.published])));
  return counts;
}
