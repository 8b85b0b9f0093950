/**
 * The editing studio (/studio/): Sveltia CMS, a static single-page app that
 * signs in to GitHub with a personal access token (no OAuth proxy, no server
 * of ours), in Korean, with the ko/en files of a page side by side. This
 * module makes its configuration from the project's own facts: the content
 * folders, the site's languages, the catalog, and the MDX components the
 * build allows (src/lib/mdx/mdx-safety.ts PAGE_COMPONENTS), each with a form
 * for exactly its attributes. Nothing here is retyped from the allow-list:
 * a component or attribute without a form, or a form the allow-list does not
 * know, stops the build.
 */
import { stringify } from 'yaml';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../content/schema.ts';
import { QUESTION_ID } from '../mdx/mdx-components.ts';
import { PAGE_COMPONENTS } from '../mdx/mdx-safety.ts';

/**
 * A label as the studio shows it: the CMS takes one label per field, whatever its interface language, so the
 * issuer's language comes first and English follows in brackets ("질문 (Question)").
 */
export const studioLabel =
  (locale: Locale) =>
  (key: MessageKey): string =>
    locale === 'en' ? t('en', key) : `${t(locale, key)} (${t('en', key)})`;

/** A Sveltia/Decap field definition (the subset used here). */
export interface StudioField {
  name: string;
  label: string;
  widget: 'string' | 'text' | 'select' | 'markdown' | 'number' | 'object' | 'list' | 'hidden';
  required?: boolean;
  default?: string;
  hint?: string;
  options?: { label: string; value: string }[];
  pattern?: [string, string];
  [option: string]: unknown;
}

/** One editor component: an allowed MDX component with a form for each of its attributes. */
export interface StudioComponent {
  /** The component's name in MDX (<Question>, <Callout>, …) and the editor component's id. */
  id: string;
  label: string;
  /** Whether Markdown goes between the opening and the closing tag. */
  body: boolean;
  /** The label of the Markdown between the tags (when `body`). */
  bodyLabel?: string;
  /** In the order they are written in the tag. */
  fields: StudioField[];
}

export interface CatalogChoice {
  id: string;
  label: string;
}

interface ComponentForm {
  label: string;
  body: boolean;
  attributes: Record<string, Omit<StudioField, 'name'>>;
}

/** The forms of the allowed components (labels: Korean first, then English). */
function componentForms(catalog: readonly CatalogChoice[], locale: Locale): Record<string, ComponentForm> {
  const label = studioLabel(locale);
  return {
    Question: {
      label: label('studio.component.Question'),
      body: true,
      attributes: {
        id: {
          label: label('studio.question.id'),
          widget: 'string',
          hint: label('studio.question.idHint'),
          pattern: [QUESTION_ID.source, label('studio.idPattern')],
        },
        q: { label: label('studio.question.q'), widget: 'string' },
      },
    },
    Callout: {
      label: label('studio.component.Callout'),
      body: true,
      attributes: {
        type: {
          label: label('studio.callout.type'),
          widget: 'select',
          required: false,
          options: [
            ...(['note', 'tip', 'warning'] as const).map((type) => ({
              label: `${t(locale, `callout.${type}`)} (${type})`,
              value: type,
            })),
          ],
        },
        title: { label: label('studio.callout.title'), widget: 'string', required: false },
      },
    },
    Steps: { label: label('studio.component.Steps'), body: true, attributes: {} },
    CertLink: {
      label: label('studio.component.CertLink'),
      body: false,
      attributes: {
        id: {
          label: label('studio.certLink.id'),
          widget: 'select',
          options: catalog.map((entry) => ({ label: `${entry.label} (${entry.id})`, value: entry.id })),
        },
      },
    },
    EligibilityTable: {
      label: label('studio.component.EligibilityTable'),
      body: false,
      attributes: {
        list: {
          label: label('studio.eligibility.list'),
          widget: 'select',
          required: false,
          options: [
            { label: label('studio.eligibility.noBadge'), value: 'no-badge' },
            { label: label('studio.eligibility.retired'), value: 'retired' },
          ],
        },
      },
    },
    VideoLink: {
      label: label('studio.component.VideoLink'),
      body: false,
      attributes: {
        url: {
          label: label('studio.video.url'),
          widget: 'string',
          pattern: ['^https?://', label('studio.video.urlPattern')],
        },
        title: { label: label('studio.video.title'), widget: 'string', required: false },
      },
    },
  };
}

/**
 * The editor components: one per allowed MDX component, in the allow-list's
 * order, with a form for each allowed attribute. Throws when the allow-list
 * and the forms disagree, so the studio can never offer what the build
 * refuses, nor lack what it allows.
 */
export function studioComponents(
  catalog: readonly CatalogChoice[],
  locale: Locale = 'ko',
  allowed: ReadonlyMap<string, ReadonlySet<string>> = PAGE_COMPONENTS,
): StudioComponent[] {
  const forms = componentForms(catalog, locale);
  const problems: string[] = [];
  for (const name of Object.keys(forms))
    if (!allowed.has(name)) problems.push(`<${name}> has a studio form but the build does not allow it`);
  const components = [...allowed].map(([name, attributes]): StudioComponent => {
    const form = forms[name];
    if (!form) {
      problems.push(`<${name}> is allowed in pages but has no studio form (src/lib/studio/studio-config.ts)`);
      return { id: name, label: name, body: false, fields: [] };
    }
    for (const attribute of attributes)
      if (!form.attributes[attribute]) problems.push(`<${name} ${attribute}="…"> is allowed but has no studio field`);
    for (const attribute of Object.keys(form.attributes))
      if (!attributes.has(attribute)) problems.push(`<${name} ${attribute}="…"> has a studio field but is not allowed`);
    return {
      id: name,
      label: form.label,
      body: form.body,
      ...(form.body ? { bodyLabel: studioLabel(locale)('studio.component.body') } : {}),
      fields: Object.entries(form.attributes).map(
        ([attribute, field]): StudioField => ({ name: attribute, required: true, ...field }) as StudioField,
      ),
    };
  });
  if (problems.length) throw new Error(`studio editor components: ${problems.join('; ')}`);
  return components;
}

export interface StudioSettings {
  /** GitHub repository the editors change, "owner/name". */
  repo: string;
  /** Left out: the repository's default branch. */
  branch?: string;
  locales: readonly Locale[];
  defaultLocale: Locale;
  /** The published site (the studio's "view site" link). */
  siteUrl: string;
  /** The site's icon, as a path on the site (the CMS would otherwise fetch a data: URL). */
  logoUrl: string;
  components: readonly StudioComponent[];
}

/** Body editing: the Markdown source first (it is saved exactly as typed), rich text with the components second. */
const bodyField = (components: readonly StudioComponent[], label: string): StudioField => ({
  name: 'body',
  label,
  widget: 'markdown',
  modes: ['raw', 'rich_text'],
  editor_components: components.map((c) => c.id),
  // The build refuses images from outside and raw HTML the editors do not need: keep the toolbar to text.
  buttons: ['bold', 'italic', 'link', 'heading-two', 'heading-three', 'bulleted-list', 'numbered-list', 'quote'],
});

/** The Sveltia CMS configuration (config.yml) for this site. */
export function studioConfig(settings: StudioSettings): Record<string, unknown> {
  const { repo, branch, locales, defaultLocale, siteUrl, logoUrl, components } = settings;
  const label = studioLabel(defaultLocale);
  const textByLocale = (name: string, label: string, widget: 'string' | 'text' = 'string') => ({
    name,
    label,
    widget: 'object',
    collapsed: false,
    fields: locales.map((locale) => ({ name: locale, label: locale, widget })),
  });
  return {
    // Sign-in with a personal access token only: GitHub's OAuth needs a server to hold the client secret.
    backend: {
      name: 'github',
      repo,
      ...(branch ? { branch } : {}),
      auth_methods: ['token'],
      commit_messages: { update: 'Studio: update {{collection}} “{{slug}}”' },
    },
    // Every change is a pull request (cms/… branches): the preview workflow builds it and comments.
    publish_mode: 'editorial_workflow',
    app_title: label('studio.appTitle'),
    site_url: siteUrl,
    logo_url: logoUrl,
    media_folder: 'public/images/pages',
    public_folder: '/images/pages',
    i18n: {
      structure: 'multiple_folders',
      locales: [...locales],
      default_locale: defaultLocale,
      // The CMS puts its "canonical slug" key first in the front matter, and its default name is ours
      // (translationKey): a name of its own keeps every page's header in the order editors wrote it.
      canonical_slug: { key: 'studioSlug' },
    },
    collections: [
      {
        name: 'pages',
        label: label('studio.pages'),
        label_singular: label('studio.page'),
        folder: 'content/pages',
        extension: 'mdx',
        format: 'frontmatter',
        create: true,
        identifier_field: 'title',
        summary: '{{title}} ({{translationKey}})',
        i18n: true,
        fields: [
          { name: 'title', label: label('studio.page.title'), widget: 'string', i18n: true },
          { name: 'description', label: label('studio.page.description'), widget: 'text', i18n: true },
          {
            name: 'translationKey',
            label: label('studio.page.translationKey'),
            widget: 'string',
            i18n: 'duplicate',
            hint: label('studio.page.translationKeyHint'),
            pattern: ['^[a-z0-9][a-z0-9-]*$', label('studio.idPattern')],
          },
          {
            name: 'order',
            label: label('studio.page.order'),
            widget: 'number',
            value_type: 'int',
            required: false,
            i18n: 'duplicate',
          },
          { name: 'navLabel', label: label('studio.page.navLabel'), widget: 'string', required: false, i18n: true },
          {
            name: 'template',
            label: label('studio.page.template'),
            widget: 'select',
            required: false,
            i18n: 'duplicate',
            options: [{ label: label('studio.page.templateFaq'), value: 'faq' }],
          },
          { ...bodyField(components, label('studio.page.body')), i18n: true },
        ],
      },
      {
        name: 'emails',
        label: label('studio.emails'),
        label_singular: label('studio.email'),
        folder: 'content/emails',
        extension: 'md',
        format: 'frontmatter',
        create: false,
        delete: false,
        identifier_field: 'subject',
        i18n: { structure: 'multiple_files' },
        fields: [
          { name: 'subject', label: label('studio.email.subject'), widget: 'string', i18n: true },
          {
            name: 'body',
            label: label('studio.email.body'),
            widget: 'markdown',
            modes: ['raw'],
            editor_components: [],
            i18n: true,
            hint: label('studio.email.bodyHint'),
          },
        ],
      },
      {
        name: 'issuer',
        label: label('studio.issuer'),
        files: [
          {
            name: 'issuer',
            label: label('studio.issuer.file'),
            file: 'content/issuer.yaml',
            format: 'yaml',
            fields: [
              textByLocale('name', label('studio.issuer.name')),
              textByLocale('description', label('studio.issuer.description'), 'text'),
              {
                name: 'support',
                label: label('studio.issuer.support'),
                widget: 'list',
                fields: [
                  textByLocale('label', label('studio.issuer.supportLabel')),
                  { name: 'url', label: label('studio.issuer.supportUrl'), widget: 'string' },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

export function studioConfigYaml(settings: StudioSettings): string {
  return `# Written by the Emblem build (src/lib/studio/studio-config.ts): do not edit.\n${stringify(studioConfig(settings), { lineWidth: 0 })}`;
}
