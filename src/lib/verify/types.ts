/**
 * What a verification reports: a list of named steps, each with a status and
 * a message in every locale, then one outcome and a summary for the result card.
 */
import type { Locale } from '../content/schema.ts';
import type { LogCheck } from './log.ts';

export type StepId = 'format' | 'signature' | 'hosted' | 'issuer' | 'status' | 'validity';
export type StepStatus = 'passed' | 'failed' | 'warning' | 'skipped';
export type Outcome = 'verified' | 'not-verified' | 'warning';
export type BadgeFormat = 'ob3' | 'ob2';

export interface Step {
  id: StepId;
  status: StepStatus;
  /** Plain-language message, one per locale. */
  message: Record<Locale, string>;
  /** Technical detail (library error text), English, for the curious and the CLI. */
  detail?: string;
  /** Machine-readable reason where one matters to callers, e.g. "revoked", "expired", "tampered". */
  reason?: string;
  /** 1-based position of the proof this step is about, when one proof of several decided it. */
  proof?: number;
}

/** What the result card shows; text as found in the credential. */
export interface BadgeSummary {
  format: BadgeFormat;
  badgeName?: string;
  /** The badge's id (OB 3.0 achievement id, OB 2.0 BadgeClass URL): a page can name it in its own language. */
  badgeId?: string;
  issuerName?: string;
  /** The issuer's id (OB 3.0 did:web, OB 2.0 Issuer URL). */
  issuerId?: string;
  recipientName?: string;
  issuedOn?: string;
  expires?: string;
  /** Award page on this site, when the credential is one of ours. */
  awardPage?: string;
  /** Where the credential stands in the site's public issuance log (when asked for: VerifyOptions.log). */
  log?: LogCheck;
}

/** What a known-issuer registry would show for the issuer: the entry this site publishes
 * (credentials/registry-entry.ts) for the DID the badge was verified to come from. */
export interface RegistryFacts {
  did: string;
  /** The name in the issuer's default language, then per locale (`name#<locale>` in the entry). */
  name: string;
  names: Record<string, string>;
  url: string;
  location?: string;
  /** The file the facts were read from. */
  entryUrl: string;
}

export interface VerifyResult {
  outcome: Outcome;
  /** Set when asked for (VerifyOptions.registry), the badge is authentic and the site's registry entry lists its issuer. */
  registry?: RegistryFacts;
  /** The badge is what this site's issuer published (signature or hosted copy, and issuer, passed),
   * whether or not it is still valid: its summary can be trusted. */
  authentic: boolean;
  steps: Step[];
  summary?: BadgeSummary;
}

/** What can be verified: an address on this site, pasted text, or file bytes. */
export type VerifyInput =
  | { kind: 'url'; url: string }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array; name?: string };

export interface VerifyOptions {
  /** The site this verifier speaks for (origin plus base path); its issuer is the only one trusted. */
  siteUrl: string;
  /** Used for every request; only this site's own files are ever requested. */
  fetch: typeof fetch;
  /** This site's issuer named in each language (credentials carry one): step messages about a
   * credential this site issued then name it in the message's own language. */
  siteIssuerName?: Partial<Record<Locale, string>>;
  /** The moment to check validity against (default: now). */
  now?: Date;
  /** Called as each step finishes, so a page can show progress. */
  onStep?: (step: Step) => void;
  /** Pass the same map to many calls to check each status list once (the build's own check of its output
   * does; a status list must not change between the calls). */
  statusLists?: Map<string, Promise<CheckedStatusList>>;
  /** Also find an authentic OB 3.0 credential in the site's issuance log and check its inclusion proof (summary.log). */
  log?: boolean;
  /** Also read the site's known-issuer registry entry for an authentic OB 3.0 credential's issuer (result.registry). */
  registry?: boolean;
}

/** A status list whose every proof verified with this site's key: its purpose and its bits. */
export interface CheckedStatusList {
  statusPurpose: string;
  bits: { length: number; getStatus(index: number): boolean };
}

export function isAuthentic(steps: readonly Step[]): boolean {
  const passed = (id: StepId) => steps.some((s) => s.id === id && s.status === 'passed');
  return passed('format') && (passed('signature') || passed('hosted')) && passed('issuer');
}

export function outcomeOf(steps: readonly Step[]): Outcome {
  if (steps.length === 0 || steps.some((s) => s.status === 'failed')) return 'not-verified';
  if (steps.some((s) => s.status === 'warning')) return 'warning';
  return 'verified';
}
