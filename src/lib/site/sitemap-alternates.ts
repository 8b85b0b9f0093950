/**
 * The sitemap's language alternates (written by @astrojs/sitemap from its i18n
 * option) with `x-default` added: the version for readers whose language the
 * site does not have, as each page's own <link rel="alternate"> says
 * (src/layouts/Base.astro). Search engines want the two to agree.
 */

/** A sitemap entry as @astrojs/sitemap hands it to `serialize` (the fields read here). */
export interface SitemapEntry {
  url: string;
  links?: { url: string; lang: string }[];
}

/** `entry` with an `x-default` alternate: the URL of its version in `defaultLang` (as the sitemap writes the tag). */
export function withXDefault<T extends SitemapEntry>(entry: T, defaultLang: string): T {
  const links = entry.links ?? [];
  const fallback = links.find((link) => link.lang === defaultLang);
  if (!fallback || links.some((link) => link.lang === 'x-default')) return entry;
  return { ...entry, links: [...links, { url: fallback.url, lang: 'x-default' }] };
}
