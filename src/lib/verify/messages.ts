/**
 * Step messages in every locale, from the one interface-string table
 * (i18n.ts). Dates are formatted per locale.
 */
import { formatDate, t, type MessageKey } from '../i18n.ts';
// From the locale registry, not content/schema.ts: that module brings zod and the content schemas into the
// verify page's verifier (about 90 KB) for one list of names.
import { LOCALES, type Locale } from '../locales/registry.ts';
import type { Step, StepId, StepStatus } from './types.ts';

/** A value for a message placeholder: text, a date (formatted per locale), or text per locale (with a fallback). */
export type MessageVar =
  | string
  | number
  | { date: string }
  | { byLocale: Partial<Record<Locale, string>>; fallback: string };

export function localize(key: MessageKey, vars: Record<string, MessageVar> = {}): Record<Locale, string> {
  const out = {} as Record<Locale, string>;
  for (const locale of LOCALES) {
    const filled: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(vars)) {
      filled[name] =
        typeof value !== 'object'
          ? value
          : 'date' in value
            ? formatDate(locale, value.date)
            : (value.byLocale[locale] ?? value.fallback);
    }
    out[locale] = t(locale, key, filled);
  }
  return out;
}

export function step(
  id: StepId,
  status: StepStatus,
  key: MessageKey,
  vars: Record<string, MessageVar> = {},
  extra: { detail?: string; reason?: string; proof?: number } = {},
): Step {
  return { id, status, message: localize(key, vars), ...extra };
}

export function skipped(id: StepId): Step {
  return step(id, 'skipped', 'verify.skipped.earlier');
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
