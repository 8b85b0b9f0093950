/**
 * The claim page in the browser: reads the claim link's fragment, shows the
 * preview, and prepares the earner's choice: with an endpoint, the hidden
 * fields of the form (the browser posts it); without one, two links that
 * open a prefilled email to the issuer, and once one is chosen, what happens
 * next and the message as text to copy (for when no mail program opens).
 * Bundled as a module script: no inline code, so the page runs under a
 * strict Content-Security-Policy.
 *
 * The badge's name and artwork come from the site's catalog by the link's
 * badge id; the link's own badge text is shown only for an id the site does
 * not know, labelled as given in the link, like the person's name.
 */
import { parseClaimFragment, submissionEmailBody, type ClaimLinkData } from '../lib/claims/claim-link.ts';
import { setText, timeElement } from './page-text.ts';

type StringKey =
  | 'claim.missing'
  | 'claim.broken'
  | 'claim.badDate'
  | 'claim.sent'
  | 'claim.mail.subject'
  | 'claim.mail.sentence.public'
  | 'claim.mail.sentence.private'
  | 'claim.chosen.public'
  | 'claim.chosen.private'
  | 'claim.copy.intro'
  | 'claim.copy.button'
  | 'claim.copy.done'
  | 'claim.copy.failed'
  | 'claim.manage.title'
  | 'claim.manage.intro'
  | 'claim.manage.public'
  | 'claim.manage.private';
type Strings = Record<StringKey, string>;
type Badges = Record<string, { name: string; image: string }>;

const fill = (template: string, vars: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
const readJson = <T>(id: string): T => JSON.parse(document.getElementById(id)?.textContent ?? '{}') as T;

export function startClaimPage(): void {
  const root = document.querySelector<HTMLElement>('[data-claim]');
  if (!root || !document.getElementById('claim-strings')) return;
  const strings = readJson<Strings>('claim-strings');
  const badges = readJson<Badges>('claim-badges');
  const locale = root.dataset.locale ?? 'en';
  const email = root.dataset.email ?? '';
  const message = root.querySelector<HTMLElement>('[data-claim-message]')!;
  const preview = root.querySelector<HTMLElement>('[data-claim-preview]')!;
  const chosen = root.querySelector<HTMLElement>('[data-claim-chosen]')!;
  const form = root.querySelector<HTMLFormElement>('[data-claim-form]');
  const mailLinks = root.querySelectorAll<HTMLAnchorElement>('[data-claim-mail]');
  const field = (name: string) => root.querySelector<HTMLElement>(`[data-claim-field="${name}"]`)!;
  const mails = new Map<string, { subject: string; body: string }>();
  const wording: [Element, StringKey][] = [
    [root.querySelector('[data-claim-heading]')!, 'claim.manage.title'],
    [root.querySelector('[data-claim-intro]')!, 'claim.manage.intro'],
  ];
  for (const choice of ['public', 'private'] as const)
    for (const control of root.querySelectorAll(
      `button[name="choice"][value="${choice}"], [data-claim-mail="${choice}"]`,
    ))
      wording.push([control, `claim.manage.${choice}`]);
  const claimWording = new Map(wording.map(([element]) => [element, element.textContent ?? '']));

  // The language switch takes the claim along: the fragment is all the page knows of it.
  const keepClaimInLanguageLinks = () => {
    for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-switch-locale]')) {
      const href = link.getAttribute('href') ?? '';
      if (href.startsWith('#')) continue;
      link.setAttribute('href', href.replace(/#.*$/, '') + location.hash);
    }
  };

  const show = (text: string, state: string) => {
    preview.hidden = true;
    chosen.hidden = true;
    message.textContent = text;
    message.hidden = false;
    root.dataset.state = state;
  };

  const showBadge = (data: ClaimLinkData) => {
    const known = Object.hasOwn(badges, data.badgeId) ? badges[data.badgeId] : undefined;
    const name = field('badge');
    const asGiven = root.querySelector<HTMLElement>('[data-claim-badge-as-given]')!;
    const artwork = field('artwork') as HTMLImageElement;
    if (known) {
      setText(name, known.name, locale);
      artwork.src = known.image;
      artwork.hidden = false;
      asGiven.hidden = true;
      return known.name;
    }
    // Not a badge of this site: the claim will not go through; show the link's text for what it is.
    setText(name, data.badgeName, locale);
    artwork.removeAttribute('src');
    artwork.hidden = true;
    asGiven.hidden = false;
    return data.badgeName;
  };

  const render = () => {
    keepClaimInLanguageLinks();
    chosen.hidden = true;
    if (location.hash === '#done') return show(strings['claim.sent'], 'done');
    const parsed = parseClaimFragment(location.hash);
    if (!parsed.ok) {
      if (parsed.reason === 'bad-date') return show(fill(strings['claim.badDate'], { date: parsed.date }), 'bad-date');
      return show(strings[parsed.reason === 'missing' ? 'claim.missing' : 'claim.broken'], parsed.reason);
    }
    const { data } = parsed;
    // A manage link (sent with the award, for later): the same choices, worded as a change, and a name
    // correction request. The page's own (claim) wording is kept for a claim link opened after it.
    const manage = data.purpose === 'manage';
    for (const [element, key] of wording)
      element.textContent = manage ? strings[key] : (claimWording.get(element) ?? '');
    const nameRequest = root.querySelector<HTMLElement>('[data-claim-name]');
    if (nameRequest) nameRequest.hidden = !manage;
    const badgeName = showBadge(data);
    setText(field('recipient'), data.recipientName, locale);
    const issued = new Intl.DateTimeFormat(root.dataset.dateLocale ?? locale, {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(new Date(`${data.issuedOn}T00:00:00Z`));
    field('issuedOn').replaceChildren(timeElement(data.issuedOn, issued));
    if (form) {
      // The browser posts the form itself; the submit button adds `choice`.
      for (const [name, value] of [
        ['award', data.awardId],
        ['badge', data.badgeId],
        ['token', data.token],
        ['purpose', data.purpose ?? ''],
      ] as const) {
        (form.elements.namedItem(name) as HTMLInputElement).value = value;
      }
    }
    for (const link of mailLinks) {
      const choice = link.dataset.claimMail === 'private' ? 'private' : 'public';
      const sentence = fill(strings[`claim.mail.sentence.${choice}`], { badge: badgeName });
      const body = submissionEmailBody(
        { award: data.awardId, badge: data.badgeId, token: data.token, choice, locale, purpose: data.purpose },
        sentence,
      );
      const subject = `${strings['claim.mail.subject']} (${badgeName})`;
      mails.set(choice, { subject, body });
      // encodeURIComponent, not URLSearchParams: mail programs read "+" literally.
      link.href = `mailto:${email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
    }
    message.hidden = true;
    preview.hidden = false;
    root.dataset.state = 'preview';
  };

  // After a choice: what happened, what to do next, and the message to copy if no mail program opened.
  const copySource = chosen.querySelector<HTMLTextAreaElement>('[data-copy-source]')!;
  let copyStatus: HTMLElement | undefined;
  if (navigator.clipboard) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button';
    button.textContent = strings['claim.copy.button'];
    copyStatus = document.createElement('span');
    copyStatus.className = 'copy-status';
    copyStatus.setAttribute('role', 'status');
    copyStatus.dataset.copyStatus = '';
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(copySource.value);
        copyStatus!.textContent = strings['claim.copy.done'];
      } catch {
        copySource.select();
        copyStatus!.textContent = strings['claim.copy.failed'];
      }
    });
    copySource.closest('.copy-group')!.append(button, copyStatus);
  }
  for (const link of mailLinks) {
    link.addEventListener('click', () => {
      const choice = link.dataset.claimMail === 'private' ? 'private' : 'public';
      const mail = mails.get(choice);
      if (!mail) return;
      chosen.querySelector('[data-claim-chosen-text]')!.textContent = fill(strings[`claim.chosen.${choice}`], {
        email,
      });
      chosen.querySelector('[data-claim-copy-intro]')!.textContent = fill(strings['claim.copy.intro'], {
        email,
        subject: mail.subject,
      });
      copySource.value = mail.body;
      if (copyStatus) copyStatus.textContent = '';
      chosen.hidden = false;
      root.dataset.state = 'chosen';
    });
  }

  window.addEventListener('hashchange', render);
  render();
}
