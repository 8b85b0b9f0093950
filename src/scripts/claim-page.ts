/**
 * The claim page in the browser: reads the claim link's fragment, shows the
 * preview, and prepares the earner's choice: with an endpoint, the hidden
 * fields of the form (the browser posts it); without one, two links that
 * open a prefilled email to the issuer. Bundled as a module script: no inline code, so the
 * page runs under a strict Content-Security-Policy.
 */
import { parseClaimFragment, submissionEmailBody } from '../lib/claims/claim-link.ts';
import { setText, timeElement } from './page-text.ts';

type Strings = Record<'claim.missing' | 'claim.broken' | 'claim.sent' | 'claim.mail.subject', string>;

export function startClaimPage(): void {
  const root = document.querySelector<HTMLElement>('[data-claim]');
  const stringsElement = document.getElementById('claim-strings');
  if (!root || !stringsElement) return;
  const strings = JSON.parse(stringsElement.textContent ?? '{}') as Strings;
  const locale = root.dataset.locale ?? 'en';
  const message = root.querySelector<HTMLElement>('[data-claim-message]')!;
  const preview = root.querySelector<HTMLElement>('[data-claim-preview]')!;
  const form = root.querySelector<HTMLFormElement>('[data-claim-form]');
  const mailLinks = root.querySelectorAll<HTMLAnchorElement>('[data-claim-mail]');

  const show = (text: string, state: string) => {
    preview.hidden = true;
    message.textContent = text;
    message.hidden = false;
    root.dataset.state = state;
  };

  const render = () => {
    if (location.hash === '#done') return show(strings['claim.sent'], 'done');
    const parsed = parseClaimFragment(location.hash);
    if (!parsed.ok) return show(strings[parsed.reason === 'missing' ? 'claim.missing' : 'claim.broken'], parsed.reason);
    const { data } = parsed;
    const field = (name: string) => root.querySelector<HTMLElement>(`[data-claim-field="${name}"]`)!;
    // The badge name is in the link's language; a name in Hangul is Korean.
    field('badge').textContent = data.badgeName;
    if (/^[a-z]{2}$/.test(data.locale) && data.locale !== locale) field('badge').lang = data.locale;
    else field('badge').removeAttribute('lang');
    setText(field('recipient'), data.recipientName, locale);
    const issued = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${data.issuedOn}T00:00:00Z`),
    );
    field('issuedOn').replaceChildren(timeElement(data.issuedOn, issued));
    if (form) {
      // The browser posts the form itself; the submit button adds `choice`.
      for (const [name, value] of [
        ['award', data.awardId],
        ['badge', data.badgeId],
        ['token', data.token],
      ] as const) {
        (form.elements.namedItem(name) as HTMLInputElement).value = value;
      }
    }
    for (const link of mailLinks) {
      const choice = link.dataset.claimMail ?? 'public';
      const body = submissionEmailBody({ award: data.awardId, badge: data.badgeId, token: data.token, choice, locale });
      const subject = `${strings['claim.mail.subject']} (${data.badgeName})`;
      // encodeURIComponent, not URLSearchParams: mail programs read "+" literally.
      link.href = `mailto:${root.dataset.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
    }
    message.hidden = true;
    preview.hidden = false;
    root.dataset.state = 'preview';
  };

  window.addEventListener('hashchange', render);
  render();
}
