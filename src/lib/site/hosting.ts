/**
 * Response headers the published files need on any static host: JSON
 * documents with a JSON content type and `Access-Control-Allow-Origin: *`
 * (verifiers and wallets fetch them and the images they name from other
 * origins), short cache times on what revocation changes, and on every file
 * the security headers: a strict Content-Security-Policy (scripts: the
 * site's files and the inline scripts the templates declare; styles: the
 * site's stylesheets and the pages' own inline styles), nosniff, a referrer
 * policy, no framing. One table, rendered as the `_headers` file Netlify and Cloudflare
 * Pages read; docs/hosting.md gives the same rules for S3/CloudFront, GitHub
 * Pages and nginx.
 */
import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';
import { sitePaths } from '../site-urls.ts';

export interface HeaderRule {
  /** Site-relative path pattern, `_headers` style (`:name` = one path segment). */
  path: string;
  headers: [string, string][];
  why: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** Revocation and key changes must reach verifiers soon. */
const SHORT_CACHE = 'public, max-age=300, must-revalidate';

export function credentialHeaderRules(base: string): HeaderRule[] {
  const json = (path: string, why: string): HeaderRule => ({
    path: '/' + path,
    headers: [
      ['Content-Type', JSON_TYPE],
      ['Access-Control-Allow-Origin', '*'],
      ['Cache-Control', SHORT_CACHE],
    ],
    why,
  });
  return [
    json(sitePaths.didDocument(base), 'did:web document: JSON, never text/plain, or every signature check fails'),
    json(sitePaths.registryEntry(base), 'known-issuer registry entry (DID, names, URL, location)'),
    json(sitePaths.keyHistory(base), 'key history: each signing key with its window, compromised keys dated'),
    json(sitePaths.statusList(), 'revocation status list (re-signed when an award is revoked)'),
    json(sitePaths.ob2RevocationList(), 'Open Badges 2.0 revocation list'),
    json(sitePaths.ob2Issuer(), 'Open Badges 2.0 issuer profile'),
    json(sitePaths.ob2BadgeClass(':id'), 'Open Badges 2.0 badge class'),
    json(sitePaths.ob2Assertion(':id'), 'Open Badges 2.0 hosted assertion (says revoked: true when revoked)'),
    json(sitePaths.ob3Credential(':id'), 'Open Badges 3.0 credential'),
    {
      path: '/images/*',
      headers: [['Access-Control-Allow-Origin', '*']],
      why: 'achievement images and the issuer logo that credentials name: wallets on other origins fetch them',
    },
    // The issuance log (docs/transparency.md, C2SP tlog-tiles): monitors and witnesses on other origins read it.
    {
      path: '/log/checkpoint',
      headers: [
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['Access-Control-Allow-Origin', '*'],
        ['Cache-Control', 'no-cache'],
      ],
      why: 'issuance log checkpoint: mutable, tlog-tiles asks for no caching beyond a few seconds',
    },
    {
      path: '/log/tile/*',
      headers: [
        ['Access-Control-Allow-Origin', '*'],
        ['Cache-Control', 'public, max-age=31536000, immutable'],
      ],
      why: 'issuance log tiles and entry bundles: immutable (a log that changes one is refused by the build)',
    },
  ];
}

// ---------------------------------------------------------------- Content-Security-Policy

/** What the pages carry inline, as CSP hash sources ('sha256-…'). */
export interface InlineSources {
  /** Inline scripts the browser runs (classic or module), not data blocks such as JSON-LD. */
  scripts: Set<string>;
  /** <style> elements. */
  styles: Set<string>;
  /** style="…" attributes (the embed snippet's preview, for one). */
  styleAttributes: Set<string>;
}

export function emptyInlineSources(): InlineSources {
  return { scripts: new Set(), styles: new Set(), styleAttributes: new Set() };
}

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Script types a browser executes. Anything else (application/ld+json, application/json) is a data block that CSP does not govern. */
const EXECUTABLE_SCRIPT =
  /^(|module|text\/javascript|application\/javascript|text\/ecmascript|application\/ecmascript)$/i;

/**
 * Inline scripts the site's templates ship, by their exact text: the only ones
 * the policy allows. None today: every page script is a bundled file. An
 * inline script found in the output that is not listed here was not written
 * by a template (MDX, a cache entry, content) and stops the build
 * (undeclaredInlineScripts) instead of being allowed site-wide.
 */
export const DECLARED_INLINE_SCRIPTS: readonly string[] = [];

/** The CSP hash sources of the declared inline scripts. */
export const declaredScriptHashes = (declared: readonly string[] = DECLARED_INLINE_SCRIPTS) =>
  new Set(declared.map(cspHash));

/**
 * Handlers for one htmlparser2 pass over a page (the output scan parses each
 * page once, for its links too): adds the hashes of the page's inline scripts,
 * style elements and style attributes, as the browser sees them (text inside
 * an attribute value is not markup).
 */
export function inlineSourceHandlers(into: InlineSources): {
  onopentag: (name: string, attributes: Record<string, string>) => void;
  ontext: (text: string) => void;
  onclosetag: (name: string) => void;
} {
  let inside: { kind: 'script' | 'style'; text: string } | undefined;
  return {
    onopentag(name, attributes) {
      if (attributes.style !== undefined) into.styleAttributes.add(cspHash(attributes.style));
      if (name === 'script' && attributes.src === undefined && EXECUTABLE_SCRIPT.test((attributes.type ?? '').trim()))
        inside = { kind: 'script', text: '' };
      if (name === 'style') inside = { kind: 'style', text: '' };
    },
    ontext(text) {
      if (inside) inside.text += text;
    },
    onclosetag(name) {
      if (inside && (name === 'script' || name === 'style')) {
        (inside.kind === 'script' ? into.scripts : into.styles).add(cspHash(inside.text));
        inside = undefined;
      }
    },
  };
}

/** Options of every parse of built pages (the link check's too). */
export const PAGE_PARSER_OPTIONS = {
  decodeEntities: true,
  lowerCaseTags: true,
  lowerCaseAttributeNames: true,
} as const;

/** Adds the hashes of a page's inline scripts, style elements and style attributes (one full parse). */
export function collectInlineSources(html: string, into: InlineSources = emptyInlineSources()): InlineSources {
  new Parser(inlineSourceHandlers(into), PAGE_PARSER_OPTIONS).end(html);
  return into;
}

/** Inline script hashes in `found` that no template declares. */
export function undeclaredInlineScripts(
  found: Iterable<string>,
  declared: ReadonlySet<string> = declaredScriptHashes(),
): string[] {
  return [...new Set(found)].filter((hash) => !declared.has(hash));
}

export interface CspSettings {
  /** Origin the site is built for (absolute URLs in pages, e.g. the embed preview's image, point there). */
  siteOrigin: string;
  /** issuer.yaml `claims.endpoint`, when set: the claim page posts to it. */
  claimEndpoint?: string;
}

/**
 * The site's policy: nothing by default; scripts only from the site and the
 * exact inline scripts it ships (hashes, no 'unsafe-inline'); styles from the
 * site's stylesheets, plus the exact inline styles it ships; images from the
 * site and data: URLs; fetches to the site (and the claim endpoint); the
 * click-to-load YouTube player of <VideoLink>; no plugins, no framing.
 */
export function contentSecurityPolicy(sources: InlineSources, { siteOrigin, claimEndpoint }: CspSettings): string {
  const sorted = (set: Set<string>) => [...set].sort();
  const claimOrigin = claimEndpoint ? new URL(claimEndpoint).origin : undefined;
  const self = (extra: (string | undefined)[] = []) => ["'self'", ...extra.filter((e): e is string => !!e)];
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', self(sorted(sources.scripts))],
    ['style-src', self(sorted(sources.styles))],
    ...(sources.styleAttributes.size
      ? [['style-src-attr', ["'unsafe-hashes'", ...sorted(sources.styleAttributes)]] as [string, string[]]]
      : []),
    ['img-src', self(['data:', siteOrigin])],
    ['font-src', self()],
    ['connect-src', self([claimOrigin])],
    ['media-src', self(['https:'])],
    ['frame-src', ['https://www.youtube-nocookie.com']],
    ['manifest-src', self()],
    ['object-src', ["'none'"]],
    ['base-uri', self()],
    ['form-action', self([claimOrigin])],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${[...new Set(values)].join(' ')}`).join('; ');
}

/** Headers for every file: the policy, and the usual hardening. */
export function securityHeaderRule(csp: string): HeaderRule {
  return {
    path: '/*',
    headers: [
      ['Content-Security-Policy', csp],
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'strict-origin-when-cross-origin'],
      ['X-Frame-Options', 'DENY'],
    ],
    why: 'every file: strict Content-Security-Policy (hashes of the inline scripts and styles the pages ship), no MIME sniffing, no framing',
  };
}

// ---------------------------------------------------------------- the editing studio (/studio/)

/** Where the editing studio is served (src/lib/studio). */
export const STUDIO_PATH = '/studio/';

/**
 * The editing studio's own policy, on its path only: the CMS is a single-page
 * app that injects its styles (inline styles), shows GitHub avatars, reads and
 * writes the repository through GitHub's API from the browser, and previews
 * images as blob: URLs. Scripts stay the site's own files: its bundle is
 * served from /studio/, never from a CDN.
 */
export function studioContentSecurityPolicy(): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:', 'https://avatars.githubusercontent.com']],
    ['font-src', ["'self'"]],
    // data: and blob: URLs never leave the browser; the CMS reads images and its logo through them.
    ['connect-src', ["'self'", 'data:', 'blob:', 'https://api.github.com', 'https://www.githubstatus.com']],
    ['media-src', ["'self'", 'blob:']],
    ['worker-src', ["'self'", 'blob:']],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/**
 * The studio's headers. Hosts combine the headers of every rule a path
 * matches, and two policies would both apply (the site's strict one would
 * block the CMS), so the rule first detaches the site-wide policy
 * (`! Content-Security-Policy`, Cloudflare Pages' syntax) and sets its own.
 * Not for search engines either.
 */
export function studioHeaderRule(): HeaderRule {
  return {
    path: `${STUDIO_PATH}*`,
    headers: [
      ['! Content-Security-Policy', ''],
      ['Content-Security-Policy', studioContentSecurityPolicy()],
      ['X-Robots-Tag', 'noindex, nofollow'],
    ],
    why: 'the editing studio (Sveltia CMS): its own policy instead of the site-wide one, and no indexing',
  };
}

export function headersFile(rules: readonly HeaderRule[]): string {
  const blocks = rules.map((rule) =>
    [
      `# ${rule.why}`,
      rule.path,
      ...rule.headers.map(([name, value]) => (name.startsWith('!') ? `  ${name}` : `  ${name}: ${value}`)),
    ].join('\n'),
  );
  return `# Response headers for Netlify and Cloudflare Pages, written by the Emblem build.\n# Other hosts: see docs/hosting.md.\n\n${blocks.join('\n\n')}\n`;
}
