/**
 * What the whole-output scan learns from one file of the built site, from
 * its bytes read once: its SHA-256 (for the site manifest and as the key of
 * the scan cache), and what the later checks need:
 *   - links and ids (HTML): the link check,
 *   - every email-like and UUID-like token (text files, baked PNG chunks): the
 *     privacy check compares them with this build's recipients and withheld ids,
 *   - inline script and style hashes (HTML): the Content-Security-Policy,
 *   - code points (HTML, scripts, styles): the font subset.
 *
 * The facts that depend only on the bytes (links, ids, tokens, inline
 * hashes) are kept between builds by content hash, so an unchanged file is
 * not parsed again. Secrets and code points are checked on every build (a
 * byte search and a byte count over bytes already in memory): secrets are
 * never written to a cache, not even as a hash.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { OB2_PNG_KEYWORD, OB3_PNG_KEYWORD, readBakedPng } from '../../lib/credentials/baking.ts';
import { CodePointCounter, FONT_DIR } from '../../lib/site/font-subsets.ts';
import { Parser } from 'htmlparser2';
import {
  emptyInlineSources,
  type InlineSources,
  inlineSourceHandlers,
  PAGE_PARSER_OPTIONS,
} from '../../lib/site/hosting.ts';
import { collectTagLinks } from '../../lib/site/internal-links.ts';
import { sitePaths } from '../../lib/site-urls.ts';
import { STUDIO_DIR } from '../../lib/studio/studio-page.ts';
import { emailsIn, type Secret, secretForms, uuidsIn } from './private-tokens.ts';

/** Files whose text the privacy check reads. */
export const PRIVACY_TEXT_FILE = /\.(html|json|jsonld|xml|txt|js|mjs|css|svg|webmanifest|md)$|^_headers$|^_redirects$/;
/** The issuance log (/log/: checkpoint, key, entry bundles and hash tiles, files without an extension): read too. */
const LOG_FILE = /^log\//;
/** Baked badge PNGs carry JSON in a text chunk: their text is scanned too. The build writes none
 * (award pages bake them in the browser), but one copied in from public/ would be published. */
export const BAKED_PNG = /^badge-.*\.png$/;
/** Text files whose characters a browser may draw with the site's font. */
const FONT_TEXT_FILE = /\.(html|js|mjs|css)$/;
const AWARD_PAGE_PREFIX = sitePaths.awardPage('').replace(/\/+$/, '/');

/** Facts that depend only on a file's bytes (cached by content hash). */
export interface ContentFacts {
  /** HTML: every URL the page points at, and every id on it. */
  links?: string[];
  ids?: string[];
  /** Every email-like token (lower-cased; also with %40 decoded) and UUID-like token (lower-cased). */
  emails?: string[];
  uuids?: string[];
  /** HTML: CSP hash sources, as `script …`, `style …` or `attr …`. */
  inline?: string[];
}

export interface FileScan {
  /** Site-relative path with "/" separators. */
  file: string;
  sha256: string;
  bytes: number;
  /** Names of the secrets found in the file (checked on every build, never cached). */
  secrets: string[];
  /** The content facts: absent when the caller said it knows them already (a cache hit). */
  facts?: ContentFacts;
}

/** Code points per file, for the font subset: award pages apart from the rest. */
export interface CodePointTally {
  shared: CodePointCounter;
  awards: CodePointCounter;
  awardPages: number;
}

export const newTally = (): CodePointTally => ({
  shared: new CodePointCounter(),
  awards: new CodePointCounter(),
  awardPages: 0,
});

/** Whether a file's bytes have content facts worth keeping. */
export const hasContentFacts = (file: string) => {
  const name = path.posix.basename(file);
  return PRIVACY_TEXT_FILE.test(name) || BAKED_PNG.test(name) || LOG_FILE.test(file);
};

/** Whether scanning a file learns more from it than its hash (text, baked PNGs): files that are only hashed need not be read when their digest is known. */
export const scanReadsContent = (file: string) => {
  const name = path.posix.basename(file);
  return FONT_TEXT_FILE.test(name) || PRIVACY_TEXT_FILE.test(name) || BAKED_PNG.test(name) || LOG_FILE.test(file);
};

function inlineList(sources: InlineSources): string[] {
  return [
    ...[...sources.scripts].map((s) => `script ${s}`),
    ...[...sources.styles].map((s) => `style ${s}`),
    ...[...sources.styleAttributes].map((s) => `attr ${s}`),
  ];
}

/** The content facts of one file's text (`html`: the text is a page). */
export function contentFacts(text: string, html: boolean): ContentFacts {
  const decoded = text.includes('%40') ? `${text}\n${text.replaceAll('%40', '@')}` : text;
  const facts: ContentFacts = { emails: [...new Set(emailsIn(decoded))], uuids: [...new Set(uuidsIn(text))] };
  if (html) {
    // One parse for the links, the ids and the inline sources (parsed, so text inside an attribute is never taken for a script).
    const links: string[] = [];
    const ids = new Set<string>();
    const inline = emptyInlineSources();
    const sources = inlineSourceHandlers(inline);
    new Parser(
      {
        onopentag(name, attributes) {
          collectTagLinks(name, attributes, links, ids);
          sources.onopentag(name, attributes);
        },
        ontext: sources.ontext,
        onclosetag: sources.onclosetag,
      },
      PAGE_PARSER_OPTIONS,
    ).end(text);
    facts.links = [...new Set(links.flatMap(linkTarget))];
    facts.ids = [...ids];
    facts.inline = inlineList(inline);
  }
  return facts;
}

/** Schemes that never lead into the site (the link check skips them). */
const OTHER_SCHEME = /^(mailto|tel|sms|javascript|data|blob):/i;

/**
 * What of a link the link check reads: where it leads and its #fragment. The
 * query is dropped: it does not change which file is served, and share links
 * carry long ones (on every award page, in two languages). Without this a site
 * of 100,000 pages kept about half a gigabyte of share URLs in the scan.
 */
export function linkTarget(link: string): string[] {
  if (OTHER_SCHEME.test(link)) return [];
  const query = link.indexOf('?');
  if (query === -1) return [link];
  const hash = link.indexOf('#');
  if (hash !== -1 && hash < query) return [link];
  return [link.slice(0, query) + (hash === -1 ? '' : link.slice(hash))];
}

/** The text a baked PNG carries (its OB 2.0 and OB 3.0 chunks). */
function bakedText(bytes: Uint8Array): string {
  return [OB2_PNG_KEYWORD, OB3_PNG_KEYWORD].map((keyword) => readBakedPng(bytes, keyword) ?? '').join('\n');
}

/** The secret forms as bytes, built once per secret list. */
const secretBytes = new WeakMap<readonly Secret[], { name: string; forms: Buffer[] }[]>();

/** Names of the secrets whose forms are in `bytes`. */
export function secretsIn(bytes: Buffer, secrets: readonly Secret[]): string[] {
  let prepared = secretBytes.get(secrets);
  if (!prepared) {
    prepared = secrets.map((s) => ({
      name: s.name,
      forms: secretForms(s.value).map((form) => Buffer.from(form, 'utf8')),
    }));
    secretBytes.set(secrets, prepared);
  }
  return prepared.filter((s) => s.forms.some((form) => bytes.includes(form))).map((s) => `secret: ${s.name}`);
}

/**
 * Scans one file's bytes. `known(sha256)` says whether the content facts of
 * those bytes are cached (then they are not computed again).
 */
export function scanFile(
  file: string,
  bytes: Buffer,
  known: (sha256: string) => boolean,
  secrets: readonly Secret[],
  tally: CodePointTally,
): FileScan {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const name = path.posix.basename(file);
  const scan: FileScan = { file, sha256, bytes: bytes.length, secrets: [] };
  // The editing studio draws with fonts of its own (studio/fonts/): its CMS bundle's characters are not the site's.
  if (FONT_TEXT_FILE.test(name) && !file.startsWith(`${FONT_DIR}/`) && !file.startsWith(`${STUDIO_DIR}/`)) {
    const isAwardPage = file.startsWith(AWARD_PAGE_PREFIX) && name.endsWith('.html');
    if (isAwardPage) tally.awardPages++;
    (isAwardPage ? tally.awards : tally.shared).addUtf8(bytes, { escapes: !name.endsWith('.html') });
  }
  if (PRIVACY_TEXT_FILE.test(name) || LOG_FILE.test(file)) {
    scan.secrets = secretsIn(bytes, secrets);
    if (!known(sha256)) scan.facts = contentFacts(bytes.toString('utf8'), name.endsWith('.html'));
  } else if (BAKED_PNG.test(name)) {
    const text = bakedText(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    scan.secrets = secretsIn(Buffer.from(text, 'utf8'), secrets);
    if (!known(sha256)) scan.facts = contentFacts(text, false);
  }
  return scan;
}

/** Code point counts as [code point, files] pairs (what crosses the thread boundary). */
export function countsOf(counter: CodePointCounter): number[] {
  const pairs: number[] = [];
  const { files } = counter;
  for (let cp = 0; cp < files.length; cp++) if (files[cp]) pairs.push(cp, files[cp]!);
  return pairs;
}

export function addCounts(counter: CodePointCounter, pairs: readonly number[]): void {
  for (let i = 0; i < pairs.length; i += 2) counter.files[pairs[i]!]! += pairs[i + 1]!;
}
