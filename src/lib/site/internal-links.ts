/**
 * Internal link checking for the built site: every link, image, script and
 * alternate that points into the site must reach a file that was written,
 * and a `#fragment` must name an element on the target page. Pure: the
 * build step (src/steps/checks/link-check.ts) reads the files.
 */
import { Parser } from 'htmlparser2';
import { PAGE_PARSER_OPTIONS } from './hosting.ts';
import type { SiteUrls } from '../site-urls.ts';

/** Attributes that hold one URL, by element. */
const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src'],
  source: ['src'],
  script: ['src'],
  iframe: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  embed: ['src'],
  object: ['data'],
};
const SRCSET_ELEMENTS = new Set(['img', 'source']);

export interface PageLinks {
  /** Site-relative path of the HTML file, with "/" separators ("en/faq/index.html"). */
  file: string;
  links: string[];
  /** Every `id` (and `<a name>`) on the page: what fragments can point at. */
  ids: Set<string>;
}

/** Adds one start tag's links and ids (an htmlparser2 onopentag handler's work, shared with the output scan's single parse). */
export function collectTagLinks(
  name: string,
  attributes: Record<string, string>,
  links: string[],
  ids: Set<string>,
): void {
  if (attributes.id) ids.add(attributes.id);
  if (name === 'a' && attributes.name) ids.add(attributes.name);
  for (const attribute of URL_ATTRIBUTES[name] ?? []) {
    const value = attributes[attribute]?.trim();
    if (value) links.push(value);
  }
  if (SRCSET_ELEMENTS.has(name) && attributes.srcset) {
    for (const candidate of attributes.srcset.split(',')) {
      const url = candidate.trim().split(/\s+/)[0];
      if (url) links.push(url);
    }
  }
}

export function extractLinks(file: string, html: string): PageLinks {
  const links: string[] = [];
  const ids = new Set<string>();
  new Parser(
    { onopentag: (name, attributes) => collectTagLinks(name, attributes, links, ids) },
    PAGE_PARSER_OPTIONS,
  ).end(html);
  return { file, links, ids };
}

export interface BrokenLink {
  /** The page the link is on. */
  file: string;
  url: string;
  problem: string;
}

/** The URL a built file is served at ("en/faq/index.html" → ".../en/faq/"). */
export function pageUrlOf(file: string, urls: SiteUrls): string {
  return urls.url(file.endsWith('/index.html') || file === 'index.html' ? file.slice(0, -'index.html'.length) : file);
}

/**
 * Links on `pages` that point into the site but reach nothing in `files`
 * (every written file, site-relative). Links to other hosts, mailto: and the
 * like are not checked here.
 */
export function findBrokenLinks(pages: readonly PageLinks[], files: ReadonlySet<string>, urls: SiteUrls): BrokenLink[] {
  const idsByFile = new Map(pages.map((p) => [p.file, p.ids]));
  const broken: BrokenLink[] = [];
  // Root-relative and absolute links mean the same on every page, and most
  // (navigation, assets) repeat on thousands of pages: check each once.
  const verdicts = new Map<string, string | undefined>();
  const pageIndependent = (link: string) => link.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(link);
  for (const page of pages) {
    const base = pageUrlOf(page.file, urls);
    for (const link of page.links) {
      const cacheable = pageIndependent(link);
      let problem = cacheable ? verdicts.get(link) : undefined;
      if (!cacheable || !verdicts.has(link)) {
        problem = verdictOf(link, base, files, idsByFile, urls);
        if (cacheable) verdicts.set(link, problem);
      }
      if (problem) broken.push({ file: page.file, url: link, problem });
    }
  }
  return broken;
}

/** Why a link on the page at `base` leads nowhere, or undefined when it is fine or not ours to check. */
function verdictOf(
  link: string,
  base: string,
  files: ReadonlySet<string>,
  idsByFile: ReadonlyMap<string, Set<string>>,
  urls: SiteUrls,
): string | undefined {
  let target: URL;
  try {
    target = new URL(link, base);
  } catch {
    return 'is not a valid URL';
  }
  if ((target.protocol !== 'https:' && target.protocol !== 'http:') || target.origin !== urls.origin) return undefined;
  return problemOf(target, files, idsByFile, urls);
}

function problemOf(
  target: URL,
  files: ReadonlySet<string>,
  idsByFile: ReadonlyMap<string, Set<string>>,
  urls: SiteUrls,
): string | undefined {
  if (!target.pathname.startsWith(urls.base)) return `is outside the site's base path ${urls.base}`;
  let relative: string;
  let fragment: string;
  try {
    relative = decodeURIComponent(target.pathname.slice(urls.base.length));
    fragment = decodeURIComponent(target.hash.slice(1));
  } catch {
    return 'has a malformed percent-encoding';
  }
  const file = relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative;
  if (!files.has(file)) {
    return files.has(`${relative}/index.html`)
      ? `needs a trailing slash (${urls.path(`${relative}/`)})`
      : 'leads to no page or file in the site';
  }
  if (fragment && file.endsWith('.html')) {
    const ids = idsByFile.get(file);
    if (ids && !ids.has(fragment))
      return `points to #${fragment}, but ${urls.path(file.replace(/index\.html$/, ''))} has no element with that id`;
  }
  return undefined;
}
