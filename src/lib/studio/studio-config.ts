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
import type { Locale } from '../content/schema.ts';
import { QUESTION_ID } from '../mdx/mdx-components.ts';
import { PAGE_COMPONENTS } from '../mdx/mdx-safety.ts';

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
function componentForms(catalog: readonly CatalogChoice[]): Record<string, ComponentForm> {
  return {
    Question: {
      label: '질문 (Question)',
      body: true,
      attributes: {
        id: {
          label: '질문 id (Question id)',
          widget: 'string',
          hint: '두 언어에서 같은 id, 소문자·숫자·하이픈 (the same id in both languages: a-z, 0-9, -)',
          pattern: [
            QUESTION_ID.source,
            '소문자, 숫자, 하이픈만 쓸 수 있습니다 (lower-case letters, digits and hyphens only)',
          ],
        },
        q: { label: '질문 (Question as readers see it)', widget: 'string' },
      },
    },
    Callout: {
      label: '알림 상자 (Callout)',
      body: true,
      attributes: {
        type: {
          label: '종류 (Type)',
          widget: 'select',
          required: false,
          options: [
            { label: '참고 (note)', value: 'note' },
            { label: '팁 (tip)', value: 'tip' },
            { label: '주의 (warning)', value: 'warning' },
          ],
        },
        title: { label: '제목 (Title, optional)', widget: 'string', required: false },
      },
    },
    Steps: { label: '단계 목록 (Steps)', body: true, attributes: {} },
    CertLink: {
      label: '인증 링크 (Certification link)',
      body: false,
      attributes: {
        id: {
          label: '인증 또는 시험 (Certification or exam)',
          widget: 'select',
          options: catalog.map((entry) => ({ label: `${entry.label} (${entry.id})`, value: entry.id })),
        },
      },
    },
    EligibilityTable: {
      label: '배지 대상 표 (Eligibility table)',
      body: false,
      attributes: {
        list: {
          label: '목록 (List)',
          widget: 'select',
          required: false,
          options: [
            { label: '배지가 없는 시험과 인증 (no badge)', value: 'no-badge' },
            { label: '폐지된 시험과 인증 (retired)', value: 'retired' },
          ],
        },
      },
    },
    VideoLink: {
      label: '동영상 링크 (Video link)',
      body: false,
      attributes: {
        url: {
          label: '동영상 주소 (Video URL)',
          widget: 'string',
          pattern: ['^https?://', 'https:// 로 시작하는 주소 (an address starting with https://)'],
        },
        title: { label: '제목 (Title)', widget: 'string', required: false },
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
  allowed: ReadonlyMap<string, ReadonlySet<string>> = PAGE_COMPONENTS,
): StudioComponent[] {
  const forms = componentForms(catalog);
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
    app_title: 'Emblem 편집 스튜디오 (editing studio)',
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
        label: '페이지 (Pages)',
        label_singular: '페이지 (Page)',
        folder: 'content/pages',
        extension: 'mdx',
        format: 'frontmatter',
        create: true,
        identifier_field: 'title',
        summary: '{{title}} ({{translationKey}})',
        i18n: true,
        fields: [
          { name: 'title', label: '제목 (Title)', widget: 'string', i18n: true },
          { name: 'description', label: '설명 (Description)', widget: 'text', i18n: true },
          {
            name: 'translationKey',
            label: '주소 (Address key)',
            widget: 'string',
            i18n: 'duplicate',
            hint: '모든 언어에서 같은 값, 페이지 주소가 됩니다 (the same in every language; becomes the address)',
            pattern: ['^[a-z0-9][a-z0-9-]*$', '소문자, 숫자, 하이픈만 (lower-case letters, digits, hyphens)'],
          },
          {
            name: 'order',
            label: '메뉴 순서 (Menu order)',
            widget: 'number',
            value_type: 'int',
            required: false,
            i18n: 'duplicate',
          },
          { name: 'navLabel', label: '메뉴 이름 (Menu label)', widget: 'string', required: false, i18n: true },
          {
            name: 'template',
            label: '형식 (Template)',
            widget: 'select',
            required: false,
            i18n: 'duplicate',
            options: [{ label: '자주 묻는 질문 (FAQ)', value: 'faq' }],
          },
          { ...bodyField(components, '본문 (Text)'), i18n: true },
        ],
      },
      {
        name: 'emails',
        label: '알림 메일 (Notification emails)',
        label_singular: '알림 메일 (Email)',
        folder: 'content/emails',
        extension: 'md',
        format: 'frontmatter',
        create: false,
        delete: false,
        identifier_field: 'subject',
        i18n: { structure: 'multiple_files' },
        fields: [
          { name: 'subject', label: '제목 (Subject)', widget: 'string', i18n: true },
          {
            name: 'body',
            label: '본문 (Message)',
            widget: 'markdown',
            modes: ['raw'],
            editor_components: [],
            i18n: true,
            hint: '{{name}}, {{badge}}, {{claimUrl}} 같은 자리표시자는 그대로 두세요 (keep placeholders such as {{name}} as they are)',
          },
        ],
      },
      {
        name: 'issuer',
        label: '발급 기관 (Issuer)',
        files: [
          {
            name: 'issuer',
            label: '발급 기관 소개 (Issuer texts)',
            file: 'content/issuer.yaml',
            format: 'yaml',
            fields: [
              textByLocale('name', '이름 (Name)'),
              textByLocale('description', '소개 (Description)', 'text'),
              {
                name: 'support',
                label: '지원 링크 (Support links)',
                widget: 'list',
                fields: [textByLocale('label', '이름 (Label)'), { name: 'url', label: '주소 (URL)', widget: 'string' }],
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
