/**
 * The award page's status as of the moment it is viewed, not as of the build:
 * expiry from the date on the page, revocation from the issuer's signed
 * BitstringStatusList (same origin, a few KB), whose bit for this award is read
 * here. Signatures are not checked here (the verify page does that, and the
 * page says so). If the list cannot be read, the page keeps the built status and
 * says it is as of the build.
 */
import { type AwardTextTable, fillText } from '../lib/award-page/award-page-texts.ts';
import { makeCertificates } from './award-certificate.ts';
import { textsFor } from './award-texts.ts';

type Status = 'valid' | 'expired' | 'revoked';

interface StatusEntry {
  type?: string | string[];
  statusPurpose?: string;
  statusListIndex?: string;
  statusListCredential?: string;
}

/** Decodes a status list's `encodedList`: "u" + base64url (no padding) of the gzipped bitstring. */
export async function decodeStatusList(encodedList: string): Promise<Uint8Array> {
  if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const base64 = encodedList.slice(1).replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const gzipped = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Bit `index` of a bitstring, the first bit being the most significant bit of the first byte. */
export function bitAt(bits: Uint8Array, index: number): boolean {
  const byte = bits[index >> 3];
  if (byte === undefined) throw new Error(`status index ${index} is outside the list`);
  return (byte & (0x80 >> (index & 7))) !== 0;
}

async function fetchJson(url: URL): Promise<Record<string, unknown>> {
  if (url.origin !== location.origin) throw new Error(`not same-origin: ${url.href}`);
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Whether the site's status list has this credential's revocation bit set. The list is
 * read from this host by its path (`listPath`), once the credential names it (`listUrl`). */
async function revokedNow(credentialPath: string, listPath: string, listUrl: string): Promise<boolean> {
  const credential = await fetchJson(new URL(credentialPath, location.href));
  const entries = ([] as StatusEntry[]).concat(
    (credential.credentialStatus as StatusEntry | StatusEntry[] | undefined) ?? [],
  );
  const entry = entries.find((e) => e.statusPurpose === 'revocation' && e.statusListCredential === listUrl);
  if (!entry) throw new Error(`the credential names no revocation entry in ${listUrl}`);
  const index = Number(entry.statusListIndex);
  if (!Number.isInteger(index) || index < 0) throw new Error(`bad status index ${entry.statusListIndex}`);
  const list = await fetchJson(new URL(listPath, location.href));
  const encodedList = (list.credentialSubject as { encodedList?: unknown } | undefined)?.encodedList;
  if (typeof encodedList !== 'string') throw new Error('the status list has no encodedList');
  return bitAt(await decodeStatusList(encodedList), index);
}

/** Shows `status` in every language version of the page, in the words of the script's text table. */
function showStatus(root: HTMLElement, status: Status, table: AwardTextTable): void {
  // The printable certificate carries the state too (its artwork stamp follows the class).
  for (const article of root.querySelectorAll<HTMLElement>('article.award, [data-certificate]')) {
    article.classList.remove('award--valid', 'award--expired', 'award--revoked');
    article.classList.add(`award--${status}`);
  }
  for (const version of root.querySelectorAll<HTMLElement>('.award-locale')) {
    const texts = textsFor(table, version);
    const label = status === 'expired' ? texts.statusExpired : status === 'revoked' ? texts.statusRevoked : undefined;
    for (const element of version.querySelectorAll<HTMLElement>('[data-status]')) {
      element.className = `status status--${status}`;
      element.dataset.status = status;
      if (label) element.textContent = label;
    }
    if (label) {
      // The artwork's stamp (its word follows the state class) and the alt text that names the state.
      for (const stamp of version.querySelectorAll<HTMLElement>('.award-stamp'))
        stamp.setAttribute(`data-${status}`, label);
      const badge = version.querySelector('.award-hero h1')?.textContent;
      for (const image of version.querySelectorAll<HTMLImageElement>('.award-art img')) {
        if (badge) image.alt = `${fillText(texts.badgeImageAlt, { name: badge })} (${label})`;
      }
    }
    // The expiry as the page states it ("20 May 2025"), for the note that it has passed.
    const expiry = version.querySelector('[data-expiry-label] + dd time')?.textContent;
    for (const notice of version.querySelectorAll<HTMLElement>('[data-status-notice]')) {
      notice.className = `notice notice--${status}`;
      if (status !== 'valid') notice.setAttribute('role', 'status');
      const note = notice.querySelector<HTMLElement>('[data-status-note]');
      const text =
        status === 'revoked'
          ? texts.noteRevoked
          : status === 'expired' && expiry
            ? fillText(texts.noteExpired, { date: expiry })
            : undefined;
      if (note && text) note.textContent = text;
    }
    if (status === 'expired')
      for (const label of version.querySelectorAll<HTMLElement>('[data-expiry-label]'))
        label.textContent = texts.expiredLabel;
  }
  copyToCertificates(root);
  // Nothing to show off any more: the share links and embed code go.
  if (status === 'revoked')
    for (const share of root.querySelectorAll<HTMLElement>('[data-share], [data-wallet]')) share.hidden = true;
}

/** Says when the status was checked, or that it is as of the build. */
function showCheck(root: HTMLElement, checkedAt: Date | undefined, table: AwardTextTable): void {
  for (const notice of root.querySelectorAll<HTMLElement>('[data-status-notice]')) {
    const line = notice.querySelector<HTMLElement>('[data-status-as-of]');
    if (!line) continue;
    const texts = textsFor(table, notice);
    if (!checkedAt) {
      line.textContent = texts.checkFailed;
      continue;
    }
    line.replaceChildren(...withTime(texts.checked, checkedAt, texts.timeLocale));
  }
  copyToCertificates(root);
  // Paper outlives "just now": the certificate says as of when.
  if (checkedAt)
    for (const version of root.querySelectorAll<HTMLElement>('.award-locale')) {
      const texts = textsFor(table, version);
      version
        .querySelector<HTMLElement>('[data-certificate-as-of]')
        ?.replaceChildren(...withTime(texts.certificateAsOf, checkedAt, texts.timeLocale));
    }
}

/** A message with a <time> of `at` in place of its {time}. */
function withTime(template: string, at: Date, timeLocale: string): (string | Node)[] {
  const dateTime = document.createElement('time');
  dateTime.dateTime = at.toISOString();
  dateTime.textContent = new Intl.DateTimeFormat(timeLocale, { dateStyle: 'long', timeStyle: 'short' }).format(at);
  const [before = '', after = ''] = template.split('{time}');
  return [before, dateTime, after];
}

/** The certificate prints what its language's notice says now: the status note and when it was checked. */
function copyToCertificates(root: HTMLElement): void {
  for (const version of root.querySelectorAll<HTMLElement>('.award-locale')) {
    const copy = (from: string, to: string) => {
      const source = version.querySelector<HTMLElement>(from);
      const target = version.querySelector<HTMLElement>(to);
      if (source && target) target.replaceChildren(...[...source.childNodes].map((node) => node.cloneNode(true)));
    };
    copy('[data-status-note]', '[data-certificate-note]');
    copy('[data-status-as-of]', '[data-certificate-as-of]');
  }
}

export async function startAwardPage(table: AwardTextTable): Promise<void> {
  const root = document.querySelector<HTMLElement>('[data-live-status]');
  if (!root) return;
  // First the printable certificate, from the page as built: the status below then updates both.
  makeCertificates(root, table);
  const built = root.dataset.builtStatus as Status;
  const expires = root.dataset.expires ? Date.parse(root.dataset.expires) : undefined;
  const expiredNow = () => expires !== undefined && Date.now() >= expires;
  // Expiry needs no request: shown at once.
  if (built === 'valid' && expiredNow()) showStatus(root, 'expired', table);
  let revoked: boolean;
  try {
    const { credential = '', statusList = '', statusListUrl = '' } = root.dataset;
    revoked = (await revokedNow(credential, statusList, statusListUrl)) || built === 'revoked';
  } catch {
    showCheck(root, undefined, table);
    return;
  }
  showStatus(root, revoked ? 'revoked' : expiredNow() || built === 'expired' ? 'expired' : 'valid', table);
  showCheck(root, new Date(), table);
}
