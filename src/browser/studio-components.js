/**
 * The editing studio's editor components (served as /studio/studio-components.js):
 * each MDX component the build allows becomes an editor component with a form
 * for its attributes (the list is made at build time by
 * src/lib/studio/studio-config.ts from the allow-list). Plain JavaScript, not
 * bundled: the studio page loads it as a module next to the CMS's own bundle.
 */

const ATTRIBUTE = /([A-Za-z][\w-]*)="([^"]*)"/g;

/** A tag's attributes as the MDX source writes them: name="value", in any order. */
const ATTRIBUTES_SOURCE = '((?:\\s+[A-Za-z][\\w-]*="[^"]*")*)';

/** Quotes inside a value would end it early: written as the character reference MDX reads back. */
const quote = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const unquote = (value) => value.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const escapeHtml = (value) =>
  String(value).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The pattern that finds a component in a page's Markdown (block level). */
export function componentPattern(component) {
  return component.body
    ? new RegExp(`^<${component.id}${ATTRIBUTES_SOURCE}\\s*>\\n\\n([\\s\\S]*?)\\n\\n</${component.id}>`, 'm')
    : new RegExp(`^<${component.id}${ATTRIBUTES_SOURCE}\\s*/>`, 'm');
}

/** The form's values from a match of componentPattern. */
export function fromBlock(component, match) {
  const values = {};
  for (const [, name, value] of (match[1] ?? '').matchAll(ATTRIBUTE)) values[name] = unquote(value);
  if (component.body) values.body = match[2] ?? '';
  return values;
}

/** The MDX source for the form's values: attributes in the allow-list's order, empty optional ones left out. */
export function toBlock(component, values) {
  const attributes = component.fields
    .filter((field) => values[field.name] !== undefined && values[field.name] !== null && values[field.name] !== '')
    .map((field) => ` ${field.name}="${quote(values[field.name])}"`)
    .join('');
  return component.body
    ? `<${component.id}${attributes}>\n\n${String(values.body ?? '').trim()}\n\n</${component.id}>`
    : `<${component.id}${attributes} />`;
}

/** Registers every component with the CMS (window.CMS). */
export function registerStudioComponents(cms, components) {
  for (const component of components) {
    cms.registerEditorComponent({
      id: component.id,
      label: component.label,
      fields: [
        ...component.fields,
        ...(component.body ? [{ name: 'body', label: component.bodyLabel, widget: 'markdown' }] : []),
      ],
      pattern: componentPattern(component),
      fromBlock: (match) => fromBlock(component, match),
      toBlock: (values) => toBlock(component, values),
      toPreview: (values) =>
        `<div class="emblem-component"><strong>${escapeHtml(component.label)}</strong> ${escapeHtml(
          component.fields.map((f) => values[f.name] ?? '').join(' · '),
        )}</div>`,
    });
  }
}

/**
 * The CMS fetches its interface strings for languages other than English from
 * a CDN, which the studio's policy does not allow; it first reads them from
 * its localStorage cache. So the strings the site ships (./locales/<lang>.json,
 * copied from the CMS's npm package) are put there for the browser's language.
 */
export async function seedInterfaceStrings(
  version,
  shipped,
  storage = globalThis.localStorage,
  languages = navigator.languages,
) {
  const wanted = languages
    .map((language) => shipped.find((s) => s === language || s === language.split('-')[0]))
    .find(Boolean);
  if (!wanted) return undefined;
  const key = 'sveltia-cms.locale';
  try {
    const cached = JSON.parse(storage.getItem(key) ?? '{}');
    if (cached._locale === wanted && cached._version === version) return wanted;
  } catch {
    // A damaged cache is replaced below.
  }
  const response = await fetch(new URL(`locales/${wanted}.json`, import.meta.url));
  if (!response.ok) return undefined;
  storage.setItem(key, JSON.stringify({ _locale: wanted, _version: version, ...(await response.json()) }));
  return wanted;
}
