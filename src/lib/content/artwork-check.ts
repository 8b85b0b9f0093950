/**
 * Is an SVG artwork safe to publish as it is? Badge artwork and the issuer logo
 * are copied verbatim into the site and into the baked `-ob3.svg` badges,
 * where a script or event handler would run with the site's origin, and an
 * external reference would make every viewer fetch something from elsewhere.
 *
 * We refuse unsafe artwork rather than sanitize it: a rewritten file would no
 * longer be the artwork the issuer approved, and baked badges must carry exactly
 * that file. DOMPurify (on a jsdom window) decides what is active content; on
 * top of what it removes we refuse references that leave the file (href/src
 * other than "#fragment" or an embedded raster image, CSS url() and @import)
 * and DTDs (entities can pull in other files).
 */
import { createRequire } from 'node:module';
import type { DOMPurify } from 'dompurify';

// jsdom takes a few hundred ms to load: loaded on first use, when there is SVG artwork to check.
const require = createRequire(import.meta.url);
let purifier: DOMPurify | undefined;
/** Problems found by the hooks during the sanitize call that is running (sanitize is synchronous). */
let found: Set<string> = new Set();

function dompurify(): DOMPurify {
  if (purifier) return purifier;
  const { JSDOM } = require('jsdom') as typeof import('jsdom');
  const createDOMPurify = require('dompurify') as typeof import('dompurify').default;
  const purify = createDOMPurify(new JSDOM('').window as unknown as Parameters<typeof createDOMPurify>[0]);
  // References that leave the file: DOMPurify allows http(s) links and CSS, the site must not.
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName.toLowerCase();
    const value = data.attrValue.trim();
    if (
      (name === 'href' || name.endsWith(':href') || name === 'src') &&
      !LOCAL_REFERENCE.test(value) &&
      !EMBEDDED_RASTER.test(value)
    ) {
      found.add(`external reference ${data.attrName}="${value.slice(0, 60)}" on <${node.nodeName}>`);
    }
    if (name === 'style' || /url\(/i.test(value))
      for (const problem of cssProblems(value, `<${node.nodeName}> ${data.attrName}`)) found.add(problem);
  });
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style')
      for (const problem of cssProblems(node.textContent ?? '', '<style>')) found.add(problem);
  });
  purifier = purify;
  return purify;
}

const LOCAL_REFERENCE = /^#[^\s]*$/;
const EMBEDDED_RASTER = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;
/** Editor bookkeeping (Inkscape, Sodipodi) that DOMPurify drops but that does nothing. */
const EDITOR_METADATA = /^(inkscape|sodipodi):/i;

function cssProblems(css: string, where: string): string[] {
  const problems: string[] = [];
  if (/@import/i.test(css)) problems.push(`CSS @import in ${where}`);
  for (const match of css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/gi)) {
    if (!LOCAL_REFERENCE.test(match[2]!)) problems.push(`external reference url(${match[2]}) in ${where}`);
  }
  if (/expression\s*\(|javascript:/i.test(css)) problems.push(`script in CSS in ${where}`);
  return problems;
}

/** What makes the SVG unsafe (empty when it is safe). */
export function svgArtworkProblems(svg: string): string[] {
  const purify = dompurify();
  found = new Set();
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) found.add('a DOCTYPE or ENTITY declaration');
  // <use> is allowed here although DOMPurify drops it (it can load other documents): the reference
  // check accepts only "#fragment" targets, which is how badge artwork uses it.
  purify.sanitize(svg, { USE_PROFILES: { svg: true, svgFilters: true }, ADD_TAGS: ['use'] });
  for (const removed of purify.removed as { element?: Element; attribute?: Attr | null; from?: Element }[]) {
    if (removed.attribute) {
      const { name, value } = removed.attribute;
      if (EDITOR_METADATA.test(name)) continue;
      found.add(
        name.toLowerCase().startsWith('on')
          ? `event handler ${name} on <${removed.from?.nodeName ?? '?'}>`
          : `attribute ${name}="${value.slice(0, 60)}" on <${removed.from?.nodeName ?? '?'}>`,
      );
    } else if (removed.element) {
      const name = removed.element.nodeName;
      if (
        /^(body|html|head)$/i.test(name) ||
        EDITOR_METADATA.test(name) ||
        removed.element.nodeType === 8 /* comment */
      )
        continue;
      found.add(`element <${name}>`);
    }
  }
  return [...found];
}
