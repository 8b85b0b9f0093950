/**
 * The one schema module: every content file (issuer, program rules, catalog,
 * awards, MDX frontmatter) is validated here, and every content type in the
 * project is inferred from these schemas.
 *
 * Cross-record rules (references, duplicates, required translations) need the
 * whole content set and live in content-model.ts.
 */
import { z } from 'zod';

export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

/** Text in one or more locales, e.g. `{ ko: "…", en: "…" }`. Which locales are
 * required is the issuer's choice, checked when the whole content set is known. */
export const localizedTextSchema = z.partialRecord(localeSchema, z.string().trim().min(1, 'must not be empty'));
export type LocalizedText = z.infer<typeof localizedTextSchema>;

const SAFE_PROTOCOLS = new Set(['https:', 'http:']);
/** Absolute http(s) URL. `javascript:`, `data:` and friends are refused because
 * these URLs end up in href attributes of public pages. */
export const safeUrlSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return SAFE_PROTOCOLS.has(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL (javascript:, data: and other schemes are not allowed)');

/** A link that is either an absolute http(s) URL or a site-relative path ("/faq/"). */
export const linkSchema = z.union([safeUrlSchema, z.string().regex(/^\/(?!\/)[^\s]*$/, 'must be an absolute http(s) URL or a path starting with "/"')]);

export const emailSchema = z.string().trim().pipe(z.email('is not a valid email address'));

/** ISO 8601 date-time that states its time zone (Z or ±hh:mm): an award's
 * moment must mean the same instant everywhere. */
export const dateTimeSchema = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with a time zone, e.g. 2025-03-01T09:00:00+09:00',
});
export const dateSchema = z.iso.date({ message: 'must be a date in the form YYYY-MM-DD' });

const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens (it becomes part of a URL)');

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

export const issuerSchema = z.strictObject({
  name: localizedTextSchema,
  description: localizedTextSchema,
  url: safeUrlSchema,
  email: emailSchema,
  /** Site-relative path of the logo in public/, or an absolute URL. */
  logo: linkSchema,
  linkedinOrganizationId: z.string().regex(/^\d+$/, 'must be the numeric LinkedIn organization id').optional(),
  defaultLocale: localeSchema.default('ko'),
  locales: z.array(localeSchema).min(1).default(['ko', 'en']),
  support: z.array(z.strictObject({ label: localizedTextSchema, url: z.union([safeUrlSchema, z.string().regex(/^mailto:[^\s]+@[^\s]+$/)]) })).default([]),
  /** How new awards enter: whether earners must claim them first, and where claim choices are sent. */
  claims: claimSettingsSchema.default({ policy: 'pending' }),
});
export type Issuer = z.infer<typeof issuerSchema>;

// ---------------------------------------------------------------- program rules

/** One entry of the exclusion list: badges that are never issued, matched by
 * badge-class id, exam/certification code, or series (e.g. "MOS 2010"). */
export const exclusionSchema = z
  .strictObject({
    ids: z.array(slugSchema).default([]),
    codes: z.array(z.string().min(1)).default([]),
    series: z.array(z.string().min(1)).default([]),
    reason: localizedTextSchema,
  })
  .refine((rule) => rule.ids.length + rule.codes.length + rule.series.length > 0, 'must name at least one id, code or series');
export type Exclusion = z.infer<typeof exclusionSchema>;

export const programRulesSchema = z.strictObject({
  exclusions: z.array(exclusionSchema).default([]),
});
export type ProgramRules = z.infer<typeof programRulesSchema>;

// ---------------------------------------------------------------- catalog

/** A requirement is one badge-class id, or a choice of one of several. */
export const requirementSchema = z.union([slugSchema, z.strictObject({ oneOf: z.array(slugSchema).min(2) })]);
export type Requirement = z.infer<typeof requirementSchema>;

export const badgeClassSchema = z
  .strictObject({
    id: slugSchema,
    kind: z.enum(['certification', 'exam']),
    code: z.string().trim().min(1).optional(),
    series: z.string().trim().min(1).optional(),
    name: localizedTextSchema,
    description: localizedTextSchema,
    level: z.enum(['fundamentals', 'associate', 'expert', 'specialty']).optional(),
    skills: z.array(localizedTextSchema).default([]),
    criteria: z.strictObject({ text: localizedTextSchema.optional(), url: safeUrlSchema.optional() }),
    /** Site-relative path of the badge artwork in public/ (PNG or SVG). */
    image: z.string().regex(/^\/(?!\/)[^\s]*\.(png|svg)$/, 'must be a path in public/ ending in .png or .svg, e.g. /images/badges/az-900.svg'),
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

const awardFields = {
  /** Unguessable, stable: it is the public URL of the award. */
  id: z.uuid({ message: 'must be a UUID (it is the unguessable public URL of the award)' }),
  recipient: z.strictObject({
    name: z.string().trim().min(1, 'must not be empty'),
    /** Only ever published as a salted SHA-256 hash. */
    email: emailSchema,
  }),
  badge: slugSchema,
  issuedOn: dateTimeSchema,
  expires: dateTimeSchema.optional(),
  evidence: z
    .array(
      z
        .strictObject({ url: safeUrlSchema.optional(), narrative: z.string().trim().min(1).optional() })
        .refine((e) => e.url || e.narrative, 'needs a url, a narrative, or both'),
    )
    .default([]),
  visibility: z.enum(['public', 'private']).default('public'),
  claim: z.enum(['pending', 'accepted']).default('accepted'),
  /** The earner's language for emails and claim links; the issuer's default when absent. */
  locale: localeSchema.optional(),
  revoked: z.strictObject({ on: dateTimeSchema, reason: z.string().trim().min(1, 'must not be empty') }).optional(),
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

export function toPublicAward(award: Award): PublicAward {
  const { recipient, ...rest } = award;
  return { ...rest, recipient: { name: recipient.name } };
}
