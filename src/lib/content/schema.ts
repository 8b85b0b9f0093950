/**
 * The one schema module: every content file (issuer, program rules, catalog,
 * awards, MDX frontmatter) is validated here, and every content type in the
 * project is inferred from these schemas.
 *
 * Cross-record rules (references, duplicates, required translations) need the
 * whole content set and live in content-model.ts.
 */
import { z } from 'zod';
import { siteUrls } from '../site-urls.ts';

export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

/**
 * Size limits, in characters (after trimming). Generous for any real program,
 * but they keep one record from blowing up the site: every text is repeated in
 * pages, credentials, baked images and cards.
 */
export const LIMITS = {
  /** names, skills, labels, recipient names */
  name: 200,
  /** codes and series */
  code: 100,
  /** descriptions and criteria text */
  description: 5_000,
  /** evidence narratives */
  narrative: 10_000,
  /** exclusion and revocation reasons */
  reason: 2_000,
  url: 2_000,
  evidenceItems: 20,
  skills: 50,
} as const;

/** Trimmed, NFC-normalized text of at most `max` characters. */
export function textSchema(max: number) {
  return z
    .string()
    .trim()
    .normalize('NFC')
    .min(1, 'must not be empty')
    .max(max, {
      error: (issue) =>
        `is too long: ${(issue.input as string).length.toLocaleString('en')} characters (the limit is ${max.toLocaleString('en')})`,
    });
}

/** Text in one or more locales, e.g. `{ ko: "…", en: "…" }`. Which locales are
 * required is the issuer's choice, checked when the whole content set is known. */
export function localizedText(max: number) {
  return z.partialRecord(localeSchema, textSchema(max));
}
export const localizedTextSchema = localizedText(LIMITS.description);
export type LocalizedText = z.infer<typeof localizedTextSchema>;

function listLimit(max: number, what: string) {
  return {
    error: (issue: { input?: unknown }) => `has ${(issue.input as unknown[]).length} ${what} (the limit is ${max})`,
  };
}

const SAFE_PROTOCOLS = new Set(['https:', 'http:']);
/** Characters a URL may not hold as written: whitespace and controls (the
 * credential libraries refuse such IRIs at signing time) and the characters
 * RFC 3987 excludes from IRIs. Percent-encode them instead. */
const URL_FORBIDDEN = /[\s\p{Cc}\p{Cf}<>"{}|\\^`]/u;

/** Why a string is not an absolute http(s) URL the credential libraries accept, or undefined. */
function urlProblem(value: string): string | undefined {
  const notHttp = 'must be an absolute http(s) URL (javascript:, data: and other schemes are not allowed)';
  if (!/^https?:\/\//i.test(value)) return notHttp;
  const bad = URL_FORBIDDEN.exec(value);
  if (bad) {
    const char = bad[0].codePointAt(0)!;
    const what =
      char === 0x20
        ? 'a space'
        : `the character ${JSON.stringify(bad[0]).slice(1, -1)} (U+${char.toString(16).toUpperCase().padStart(4, '0')})`;
    return `contains ${what}, which is not allowed in a URL; percent-encode it (a space is %20)`;
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !SAFE_PROTOCOLS.has(url.protocol) || !url.hostname) return notHttp;
  return undefined;
}

const tooLong = (max: number) => ({
  error: (issue: { input?: unknown }) =>
    `is too long: ${(issue.input as string).length.toLocaleString('en')} characters (the limit is ${max.toLocaleString('en')})`,
});

/** Absolute http(s) URL, checked as the credential libraries will read it
 * (WHATWG URL, no spaces or controls). `javascript:`, `data:` and friends are
 * refused because these URLs end up in href attributes of public pages. */
export const safeUrlSchema = z
  .string()
  .trim()
  .max(LIMITS.url, tooLong(LIMITS.url))
  .superRefine((value, ctx) => {
    const problem = urlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Why a site path ("/images/x.svg") could reach outside public/, or undefined. */
export function unsafeSitePathReason(value: string): string | undefined {
  if (value.includes('\\')) return 'must not contain a backslash';
  if (/%(2e|2f|5c|25)/i.test(value)) return 'must not contain percent-encoded dots, slashes or backslashes';
  const segments = value.split('/').slice(1);
  // An empty last segment is a trailing slash ("/faq/"); empty ones inside ("//") are not.
  if (
    segments.some((segment, i) => (segment === '' && i < segments.length - 1) || segment === '.' || segment === '..')
  ) {
    return 'must be a plain path inside public/ (no "..", "." or empty segments)';
  }
  return undefined;
}

/** A link that is either an absolute http(s) URL or a site-relative path ("/faq/"). */
export const linkSchema = z
  .string()
  .trim()
  .max(LIMITS.url, tooLong(LIMITS.url))
  .superRefine((value, ctx) => {
    const problem = value.startsWith('/')
      ? /^\/\/|\s/.test(value)
        ? 'must be an absolute http(s) URL or a path starting with "/"'
        : unsafeSitePathReason(value.split(/[?#]/)[0]!)
      : urlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Site-relative path of artwork in public/ (PNG or SVG). */
export const artworkPathSchema = z
  .string()
  .regex(
    /^\/(?!\/)[^\s?#]*\.(png|svg)$/,
    'must be a path in public/ ending in .png or .svg, e.g. /images/badges/az-900.svg',
  )
  .superRefine((value, ctx) => {
    const reason = unsafeSitePathReason(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });

export const emailSchema = z.string().trim().pipe(z.email('is not a valid email address'));

/** Why a YYYY-MM-DD(Thh:mm…) string names no real day or time, or undefined. */
export function calendarProblem(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  if (month! < 1 || month! > 12) return `is not a real date: there is no month ${month}`;
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (day! < 1 || day! > daysInMonth) {
    const monthName = new Date(Date.UTC(2000, month! - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    return `is not a real date: ${monthName} ${year} has ${daysInMonth} days, not ${day}`;
  }
  if (match[4] !== undefined && (hour! > 23 || minute! > 59 || (second ?? 0) > 59)) return 'is not a real time of day';
  return undefined;
}

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** ISO 8601 date-time that states its time zone (Z or ±hh:mm): an award's
 * moment must mean the same instant everywhere. */
// zod's ISO formats already refuse impossible days; calendarProblem only explains such a refusal.
export const dateTimeSchema = z.string().superRefine((value, ctx) => {
  if (isoDateTime.safeParse(value).success) return;
  const message =
    calendarProblem(value) ?? 'must be an ISO 8601 date-time with a time zone, e.g. 2025-03-01T09:00:00+09:00';
  ctx.addIssue({ code: 'custom', message });
});
export const dateSchema = z.string().superRefine((value, ctx) => {
  if (isoDate.safeParse(value).success) return;
  ctx.addIssue({ code: 'custom', message: calendarProblem(value) ?? 'must be a date in the form YYYY-MM-DD' });
});

const slugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens (it becomes part of a URL)');

// ---------------------------------------------------------------- issuer

/** The issuer's claim policy. `pending`: a new award waits until its earner
 * accepts it (claim link); `accepted`: it is published on issue. `endpoint`
 * takes the earner's choice as a form POST; without one, the claim page
 * prefills an email to the issuer's address. */
export const claimSettingsSchema = z.strictObject({
  policy: z.enum(['pending', 'accepted']).default('pending'),
  endpoint: safeUrlSchema.refine((url) => url.startsWith('https://'), 'must be an https:// URL').optional(),
});
export type ClaimSettings = z.infer<typeof claimSettingsSchema>;

/** The public URL of the site, with any base path (`https://example.github.io/badges/`): an absolute http(s)
 * URL without query or fragment, normalised as the build reads it (lower-case host, path ending in "/"). */
export const siteUrlSchema = safeUrlSchema
  .superRefine((value, ctx) => {
    if (/[?#]/.test(value))
      ctx.addIssue({
        code: 'custom',
        message: 'must not have a query (?…) or fragment (#…): it is the address the site is published at',
      });
  })
  .transform((value) => siteUrls(value).site);

/** Where the site lives. Every command reads it through siteUrlChoice (build-settings.ts); EMBLEM_SITE_URL overrides it. */
export const siteSettingsSchema = z.strictObject({ url: siteUrlSchema });

export const issuerSchema = z.strictObject({
  name: localizedText(LIMITS.name),
  description: localizedText(LIMITS.description),
  url: safeUrlSchema,
  email: emailSchema,
  /** Where the organization is, as known-issuer registries list it ("Seoul, South Korea"): one line. */
  location: z
    .string()
    .trim()
    .min(1, 'must not be empty (leave location out instead)')
    .max(LIMITS.name)
    .regex(/^[^\n\r\t]*$/, 'must be one line')
    .optional(),
  /** Site-relative path of the logo in public/, or an absolute URL. */
  logo: linkSchema,
  linkedinOrganizationId: z.string().regex(/^\d+$/, 'must be the numeric LinkedIn organization id').optional(),
  defaultLocale: localeSchema.default('ko'),
  locales: z.array(localeSchema).min(1).default(['ko', 'en']),
  /** The language of the messages of the checks of editors' pages (src/lib/mdx/editor-messages.ts); defaultLocale
   * when left out. */
  editorLocale: localeSchema.optional(),
  support: z
    .array(
      z.strictObject({
        label: localizedText(LIMITS.name),
        url: z.union([safeUrlSchema, z.string().regex(/^mailto:[^\s]+@[^\s]+$/)]),
      }),
    )
    .default([]),
  /** How new awards enter: whether earners must claim them first, and where claim choices are sent. */
  claims: claimSettingsSchema.default({ policy: 'pending' }),
  /** The site's public URL (`site.url`); without it, EMBLEM_SITE_URL or http://localhost:4321/ (for npm run preview). */
  site: siteSettingsSchema.optional(),
});
export type Issuer = z.infer<typeof issuerSchema>;

// ---------------------------------------------------------------- program rules

/** One entry of the exclusion list: badges that are never issued, matched by
 * badge-class id, exam/certification code, or series (e.g. "MOS 2010"). */
export const exclusionSchema = z
  .strictObject({
    ids: z.array(slugSchema).default([]),
    codes: z.array(textSchema(LIMITS.code)).default([]),
    series: z.array(textSchema(LIMITS.code)).default([]),
    reason: localizedText(LIMITS.reason),
  })
  .refine(
    (rule) => rule.ids.length + rule.codes.length + rule.series.length > 0,
    'must name at least one id, code or series',
  );
export type Exclusion = z.infer<typeof exclusionSchema>;

export const programRulesSchema = z.strictObject({
  exclusions: z.array(exclusionSchema).default([]),
  /** FOR TEST FIXTURES ONLY: accept award ids that are well-formed UUID v4 but
   * guessable (e.g. 00000000-0000-4000-8000-000000000001). A real program never
   * sets this: anyone could enumerate its awards. Every build warns while it is on. */
  allowGuessableAwardIds: z.boolean().default(false),
});
export type ProgramRules = z.infer<typeof programRulesSchema>;

// ---------------------------------------------------------------- catalog

/** A requirement is one badge-class id, or a choice of one of several. */
export const requirementSchema = z.union([slugSchema, z.strictObject({ oneOf: z.array(slugSchema).min(2) })]);
export type Requirement = z.infer<typeof requirementSchema>;

/** A skill the badge stands for: its name (`{ ko: …, en: … }`), or its name with the framework that
 * defines it (`{ name, framework, code, url }`: an OB 3.0 Alignment on the achievement, an OB 2.0
 * alignment on the badge class). Either way it reads as `{ name, … }`. */
export const skillSchema = z.preprocess(
  // The plain form is the name alone: read it as { name }, so one schema (and its messages) serves both.
  (value) =>
    value && typeof value === 'object' && !Array.isArray(value) && !('name' in value) ? { name: value } : value,
  z
    .strictObject({
      name: localizedText(LIMITS.name),
      /** The framework or taxonomy that defines the skill ("ESCO", "NCS"). */
      framework: textSchema(LIMITS.name).optional(),
      /** The skill's code in that framework. */
      code: textSchema(LIMITS.code).optional(),
      /** The page that defines the skill (OB's targetUrl, required by both versions). */
      url: safeUrlSchema.optional(),
    })
    .refine((skill) => skill.url !== undefined || (skill.framework === undefined && skill.code === undefined), {
      message: 'needs url (the page that defines the skill) when it names a framework or code',
      path: ['url'],
    }),
);
export interface Skill {
  name: LocalizedText;
  framework?: string;
  code?: string;
  url?: string;
}

export const badgeClassSchema = z
  .strictObject({
    id: slugSchema,
    kind: z.enum(['certification', 'exam']),
    code: textSchema(LIMITS.code).optional(),
    series: textSchema(LIMITS.code).optional(),
    name: localizedText(LIMITS.name),
    description: localizedText(LIMITS.description),
    level: z.enum(['fundamentals', 'associate', 'expert', 'specialty']).optional(),
    skills: z.array(skillSchema).max(LIMITS.skills, listLimit(LIMITS.skills, 'skills')).default([]),
    criteria: z.strictObject({ text: localizedText(LIMITS.description).optional(), url: safeUrlSchema.optional() }),
    /** Site-relative path of the badge artwork in public/ (PNG or SVG). */
    image: artworkPathSchema,
    requires: z.array(requirementSchema).default([]),
    status: z.enum(['active', 'retired']).default('active'),
    retiredOn: dateSchema.optional(),
    /** Some retired exams and certifications never had a badge. */
    hasBadge: z.boolean().default(true),
  })
  .superRefine((entry, ctx) => {
    if (!entry.criteria.text && !entry.criteria.url) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'needs text, a url, or both' });
    }
    if (entry.status === 'retired' && !entry.retiredOn) {
      ctx.addIssue({ code: 'custom', path: ['retiredOn'], message: 'is required when status is retired' });
    }
    if (entry.status === 'active' && entry.retiredOn) {
      ctx.addIssue({ code: 'custom', path: ['retiredOn'], message: 'is set but status is active' });
    }
    if (entry.kind === 'exam' && entry.requires.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['requires'], message: 'only certifications can require other exams' });
    }
  });
export type BadgeClass = z.infer<typeof badgeClassSchema>;

// ---------------------------------------------------------------- awards

/** A random UUID v4, or a UUID v5 made by `npm run import` under the issuer's
 * private namespace (its SHA-1 output is as unguessable as the namespace is
 * secret). Whether it is also unguessable
 * (not sequential or patterned) is checked in content-model.ts, because test
 * fixtures may opt out of that (program rules `allowGuessableAwardIds`). */
const awardIdSchema = z.string().superRefine((id, ctx) => {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    ctx.addIssue({ code: 'custom', message: 'must be a UUID (it is the unguessable public URL of the award)' });
  } else if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be a random UUID (version 4, as made by crypto.randomUUID() or `uuidgen -r`; or version 5 from npm run import): other versions, the nil and the max UUID are guessable',
    });
  }
});

const awardFields = {
  /** Unguessable, stable: it is the public URL of the award. */
  id: awardIdSchema,
  recipient: z.strictObject({
    name: textSchema(LIMITS.name),
    /** Only ever published as a salted SHA-256 hash. */
    email: emailSchema,
    /** The exam system's candidate id, kept so imports and the support desk
     * can find a person's awards; never published. */
    candidateId: z.string().trim().min(1, 'must not be empty').optional(),
  }),
  badge: slugSchema,
  issuedOn: dateTimeSchema,
  /** When the record entered the content (npm run import writes it): a pending award's age counts from it, not
   * from an exam date that may be years older. Absent on hand-written records (their age counts from issuedOn). */
  addedOn: dateTimeSchema.optional(),
  expires: dateTimeSchema.optional(),
  evidence: z
    .array(
      z
        .strictObject({ url: safeUrlSchema.optional(), narrative: textSchema(LIMITS.narrative).optional() })
        .refine((e) => e.url || e.narrative, 'needs a url, a narrative, or both'),
    )
    .max(LIMITS.evidenceItems, listLimit(LIMITS.evidenceItems, 'evidence items'))
    .default([]),
  visibility: z.enum(['public', 'private']).default('public'),
  claim: z.enum(['pending', 'accepted']).default('accepted'),
  /** The earner's language for emails and claim links; the issuer's default when absent. */
  locale: localeSchema.optional(),
  revoked: z.strictObject({ on: dateTimeSchema, reason: textSchema(LIMITS.reason) }).optional(),
};

export const awardSchema = z.strictObject(awardFields).superRefine((award, ctx) => {
  if (award.expires && Date.parse(award.expires) <= Date.parse(award.issuedOn)) {
    ctx.addIssue({ code: 'custom', path: ['expires'], message: `is not after issuedOn (${award.issuedOn})` });
  }
  if (award.revoked && Date.parse(award.revoked.on) < Date.parse(award.issuedOn)) {
    ctx.addIssue({ code: 'custom', path: ['revoked', 'on'], message: `is before issuedOn (${award.issuedOn})` });
  }
});
export type Award = z.infer<typeof awardSchema>;
export type AwardInput = z.input<typeof awardSchema>;

// ---------------------------------------------------------------- earner profiles

/** A profile's id is its public URL (`profiles/<id>/`): random, never made from the email or the name. */
export const profileIdSchema = z
  .string()
  .regex(
    /^[a-z0-9]{16,40}$/,
    'must be 16 to 40 lower-case letters and digits made at random (npm run profile makes one): it is the public URL of the profile',
  );

/** An earner who chose a page listing their public awards (content/profiles.yaml; off unless chosen). */
export const profileSchema = z.strictObject({
  id: profileIdSchema,
  /** Whose awards: every award with this recipient email. Never published. */
  email: emailSchema,
  /** Search engines may list the page only when the earner said so. */
  indexed: z.boolean().default(false),
  /** When the earner chose it. */
  since: dateSchema,
});
export type Profile = z.infer<typeof profileSchema>;

// ---------------------------------------------------------------- MDX pages

export const pageFrontmatterSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty'),
  /** Search-result and link-preview summary. */
  description: z.string().trim().min(1, 'must not be empty'),
  /** Same key in every language: it pairs translations and forms the URL. */
  translationKey: slugSchema,
  /** Position in the site navigation and page lists (smaller first). */
  order: z.number().int().default(0),
  /** Short label for the site navigation; pages without one are not in the menu. */
  navLabel: z.string().trim().min(1, 'must not be empty').optional(),
  /** "faq" adds the list of questions and FAQPage structured data. (Not called
   * "layout": MDX reserves that frontmatter field for a layout component path.) */
  template: z.enum(['article', 'faq']).default('article'),
});
export type PageFrontmatter = z.infer<typeof pageFrontmatterSchema>;

/** What pages may see of an award: no email, not even hashed. Pages are built
 * from this; only the credential builder reads the email, to hash it. */
export const publicAwardSchema = z.strictObject({ ...awardFields, recipient: z.strictObject({ name: z.string() }) });
export type PublicAward = z.infer<typeof publicAwardSchema>;

/** A catalog entry's count of published, unrevoked awards (the content layer holds counts, not awards, in a build). */
export const awardCountSchema = z.strictObject({ published: z.number().int().nonnegative() });

export function toPublicAward(award: Award): PublicAward {
  const { recipient, ...rest } = award;
  return { ...rest, recipient: { name: recipient.name } };
}
