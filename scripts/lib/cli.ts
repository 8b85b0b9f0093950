/**
 * Small shared pieces of the claim and notify commands: language choice and
 * usage errors (exit code 2).
 */
import type { Locale } from '../../src/lib/schema.ts';

export type Messages<K extends string> = Record<Locale, Record<K, string>>;

/** --lang wins, then LANG (ko_KR… → ko), else English. */
export function cliLocale(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  if (flag === 'ko' || flag === 'en') return flag;
  return (env.LANG ?? '').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export class UsageError extends Error {}
