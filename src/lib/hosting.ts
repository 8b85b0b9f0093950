/**
 * Response headers the published files need on any static host: JSON
 * documents with a JSON content type and `Access-Control-Allow-Origin: *`
 * (verifiers and wallets fetch them from other origins), and short cache
 * times on what revocation changes. One table, rendered as the `_headers` file
 * Netlify and Cloudflare Pages read; docs/hosting.md gives the same rules for
 * S3/CloudFront, GitHub Pages and nginx.
 */
import { sitePaths } from './site-urls.ts';

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
    json(sitePaths.statusList(), 'revocation status list (re-signed when an award is revoked)'),
    json(sitePaths.ob2RevocationList(), 'Open Badges 2.0 revocation list'),
    json(sitePaths.ob2Issuer(), 'Open Badges 2.0 issuer profile'),
    json(sitePaths.ob2BadgeClass(':id'), 'Open Badges 2.0 badge class'),
    json(sitePaths.ob2Assertion(':id'), 'Open Badges 2.0 hosted assertion (says revoked: true when revoked)'),
    json(sitePaths.ob3Credential(':id'), 'Open Badges 3.0 credential'),
    {
      path: '/badges/:id/:file',
      headers: [['Access-Control-Allow-Origin', '*']],
      why: 'baked badge images: wallets on other origins may fetch them',
    },
  ];
}

export function headersFile(rules: readonly HeaderRule[]): string {
  const blocks = rules.map((rule) => [`# ${rule.why}`, rule.path, ...rule.headers.map(([name, value]) => `  ${name}: ${value}`)].join('\n'));
  return `# Response headers for Netlify and Cloudflare Pages, written by the Emblem build.\n# Other hosts: see docs/hosting.md.\n\n${blocks.join('\n\n')}\n`;
}
