/**
 * Is an SVG artwork safe to publish as it is? Badge artwork and the issuer logo
 * are copied verbatim into the site and into the same-origin `badge-ob3.svg`,
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
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';

let purifier: DOMPurify | undefined;
function dompurify(): DOMPurify {
  // jsdom takes a few hundred ms to start: only when there is SVG artwork to check.
  purifier ??= createDOMPurify(new JSDOM('').window as unknown as Parameters<typeof createDOMPurify>[0]);
  return purifier;
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
  const problems = new Set<string>();
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) problems.add('a DOCTYPE or ENTITY declaration');

  const purify = dompurify();
  // <use> is allowed here although DOMPurify drops it (it can load other documents): the reference
  // check below accepts only "#fragment" targets, which is how badge artwork uses it.
  purify.sanitize(svg, { USE_PROFILES: { svg: true, svgFilters: true }, ADD_TAGS: ['use'] });
  for (const removed of purify.removed as { element?: Element; attribute?: Attr | null; from?: Element }[]) {
    if (removed.attribute) {
      if (EDITOR_METADATA.test(removed.attribute.name)) continue;
      problems.add(`attribute ${removed.attribute.name}="${removed.attribute.value.slice(0, 60)}" on <${removed.from?.nodeName ?? '?'}>`);
    } else if (removed.element) {
      const name = removed.element.nodeName;
      if (/^(body|html|head)$/i.test(name) || EDITOR_METADATA.test(name) || removed.element.nodeType === 8 /* comment */) continue;
      problems.add(`element <${name}>`);
    }
  }

  // References that leave the file: DOMPurify allows http(s) links and CSS, the site must not.
  let window: JSDOM['window'] | undefined;
  try {
    window = new JSDOM(svg, { contentType: 'image/svg+xml' }).window;
    for (const element of window.document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value.trim();
        if ((name === 'href' || name.endsWith(':href') || name === 'src') && !LOCAL_REFERENCE.test(value) && !EMBEDDED_RASTER.test(value)) {
          problems.add(`external reference ${attribute.name}="${value.slice(0, 60)}" on <${element.nodeName}>`);
        }
        if (name.startsWith('on')) problems.add(`event handler ${attribute.name} on <${element.nodeName}>`);
        if (/url\(/i.test(value) || name === 'style') {
          for (const problem of cssProblems(value, `<${element.nodeName}> ${attribute.name}`)) problems.add(problem);
        }
      }
      if (element.nodeName.toLowerCase() === 'style') {
        for (const problem of cssProblems(element.textContent ?? '', '<style>')) problems.add(problem);
      }
    }
  } catch {
    problems.add('markup that cannot be read as XML');
  } finally {
    window?.close();
  }
  return [...problems];
}
