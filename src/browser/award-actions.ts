/**
 * The award page's actions that are made from what the page already holds, so
 * the site stores them once (in this script and its text table) rather than per
 * award:
 *
 *   - the share links and the embed snippet, from the award's data-* attributes
 *     on the page's root, what each language version shows (badge, issuer,
 *     recipient, expiry, the address to copy) and the script's texts, by the
 *     code the build uses (src/lib/social/share-urls.ts, src/lib/social/embed-markup.ts,
 *     src/lib/award-page/award-page-texts.ts): the links' list, the snippet's preview and
 *     code field, and the copy buttons;
 *   - the baked badge images: a button per kind; on a click, the chosen one is
 *     baked here from the award's published JSON and the badge class's artwork,
 *     by the same bakeBadge function the build side uses
 *     (src/lib/credentials/baked-badges.ts), and saved as a file;
 *   - the offline verification bundle: the credential with copies of the site's
 *     DID document, key history, status list and registry entry, made on a click
 *     by makeOfflineBundle (src/lib/verify/offline-bundle.ts) and saved as a file.
 *
 * Without JavaScript none of them is in the page; the page address and the JSON links remain.
 * A module script under script-src 'self'; the baking code loads on the first click.
 */
import {
  type AwardPageFacts,
  type AwardTexts,
  type AwardTextTable,
  embedPartsFromPage,
  shareLanguageFromPage,
} from '../lib/award-page/award-page-texts.ts';
import type { BakedBadgeKind } from '../lib/credentials/baked-badges.ts';
import { type EmbedParts, embedMarkup } from '../lib/social/embed-markup.ts';
import {
  opensNewTab,
  SHARE_TARGETS,
  shareHref,
  shareInputFromData,
  type ShareInput,
} from '../lib/social/share-urls.ts';
import { addCopyButton } from './award-copy.ts';
import { element, textsFor } from './award-texts.ts';

export function startAwardActions(table: AwardTextTable, root: ParentNode = document): void {
  for (const section of root.querySelectorAll<HTMLElement>('[data-share]')) {
    const texts = textsFor(table, section);
    const group = section.querySelector<HTMLElement>('[data-copy-group]');
    const award = section.closest<HTMLElement>('[data-live-status]');
    const facts = award && group && pageFacts(award, section, group);
    if (!award || !group || !facts) continue;
    // The award's inputs are on the page's root element, once for every language; the language's are its words.
    const input = shareInputFromData((name) => award.getAttribute(name), shareLanguageFromPage(facts, texts));
    group.before(shareList(input, texts));
    const native = nativeShareButton(facts.badge, input.text, input.pageUrl, texts);
    if (native) section.querySelector('h2')?.after(native);
    addCopyButton(group, texts.copyLink, texts);
    const image = award.dataset.embedImage;
    if (image) section.append(embedDetails(embedPartsFromPage(facts, image, texts), texts));
  }
  for (const section of root.querySelectorAll<HTMLElement>('[data-credential-downloads]')) {
    const list = section.querySelector<HTMLElement>('.download-links');
    if (list) addBakeButtons(section, list, textsFor(table, section));
  }
}

/** What the language version of `section` shows: the share links and the embed snippet are made of it. */
function pageFacts(award: HTMLElement, section: HTMLElement, group: HTMLElement): AwardPageFacts | undefined {
  const version = section.closest('.award-locale');
  // What is shared is the address the section offers to copy.
  const address = group.querySelector<HTMLInputElement>('input[data-copy-source]');
  const text = (selector: string) => version?.querySelector(selector)?.textContent ?? undefined;
  const [badge, issuer, recipient] = [text('.award-hero h1'), text('.facts a'), text('.facts .recipient')];
  if (!address || badge === undefined || issuer === undefined || recipient === undefined) return undefined;
  return {
    pageUrl: address.defaultValue,
    badge,
    issuer,
    recipient,
    expiry: text('[data-expiry-label] + dd time'),
    expired: award.dataset.builtStatus === 'expired',
  };
}

/** The device's own share sheet (phones: KakaoTalk, messengers, mail), first when the browser
 * has one; the share links stay after it, and are what a browser without it offers. The
 * title, text and address are this language version's. */
function nativeShareButton(title: string, text: string, url: string, texts: AwardTexts): HTMLElement | undefined {
  if (typeof navigator.share !== 'function') return undefined;
  const button = element('button', 'button native-share', texts.shareNative);
  button.type = 'button';
  button.dataset.nativeShare = '';
  button.addEventListener('click', () => {
    // A dismissed sheet rejects (AbortError): nothing to say.
    navigator.share({ title, text, url }).catch(() => undefined);
  });
  const line = element('p', 'native-share-line');
  line.append(button);
  return line;
}

/** The share links, with their addresses; those that open a new tab say so. */
function shareList(input: ShareInput, texts: AwardTexts): HTMLElement {
  const list = element('ul', 'share-links');
  list.dataset.shareLinks = '';
  for (const target of SHARE_TARGETS) {
    const link = element('a', '', texts.share[target]);
    link.dataset.shareTarget = target;
    link.href = shareHref(target, input);
    if (opensNewTab(target)) {
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.append(element('span', 'visually-hidden', ` (${texts.newTab})`));
    }
    const item = element('li');
    item.append(link);
    list.append(item);
  }
  return list;
}

/** The embed snippet: its preview, and its markup in a code field to copy. */
function embedDetails(parts: EmbedParts, texts: AwardTexts): HTMLElement {
  const details = element('details', 'embed');
  details.dataset.embed = '';
  const preview = element('div', 'embed-preview');
  // embedMarkup escapes every value: the recipient's name stays text.
  preview.innerHTML = embedMarkup(parts);
  const code = element('textarea');
  code.readOnly = true;
  code.rows = 4;
  code.dataset.copySource = '';
  code.dataset.embedCode = '';
  code.value = preview.innerHTML;
  const label = element('label');
  label.append(element('span', '', texts.embedCode), code);
  const group = element('div', 'copy-group');
  group.dataset.copyGroup = '';
  group.append(label);
  addCopyButton(group, texts.embedCopy, texts);
  details.append(element('summary', '', texts.embedTitle), element('p', '', texts.embedHelp), preview, group);
  return details;
}

/** A button per baked badge kind, first in the downloads list, and the line that says when baking failed. */
function addBakeButtons(section: HTMLElement, list: HTMLElement, texts: AwardTexts): void {
  const status = element('p', 'copy-status');
  status.setAttribute('role', 'status');
  status.dataset.bakeStatus = '';
  // The kinds in the table's order (BAKED_BADGE_KINDS); the baking code itself loads on the first click.
  list.prepend(
    ...(Object.keys(texts.bake) as BakedBadgeKind[]).map((kind) => {
      const button = element('button', '', texts.bake[kind]);
      button.type = 'button';
      button.dataset.bake = kind;
      button.addEventListener('click', async () => {
        button.disabled = true;
        status.textContent = '';
        try {
          await downloadBaked(section, kind);
        } catch (error) {
          console.error(error);
          status.textContent = texts.bakeFailed;
        } finally {
          button.disabled = false;
        }
      });
      const item = element('li');
      item.append(button);
      return item;
    }),
  );
  // The offline bundle last, after the JSON links: the file for those who check years later or offline.
  const bundleButton = element('button', '', texts.offlineBundle);
  bundleButton.type = 'button';
  bundleButton.dataset.offlineBundle = '';
  bundleButton.addEventListener('click', async () => {
    bundleButton.disabled = true;
    status.textContent = '';
    try {
      await downloadOfflineBundle(section);
    } catch (error) {
      console.error(error);
      status.textContent = texts.bakeFailed;
    } finally {
      bundleButton.disabled = false;
    }
  });
  const bundleItem = element('li');
  bundleItem.append(bundleButton);
  list.append(bundleItem);
  list.after(status);
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response;
}

/** The credential with copies of the site files a verifier reads for it, saved as one JSON file. */
async function downloadOfflineBundle(section: HTMLElement): Promise<void> {
  // The instructions in every language come with the message tables, loaded on this click only (not with every award page).
  const [{ makeOfflineBundle, siteOfCredentialUrl }, { messages }] = await Promise.all([
    import('../lib/verify/offline-bundle.ts'),
    import('../lib/i18n.ts'),
  ]);
  const link = section.querySelector<HTMLAnchorElement>('a[data-document="credential"]');
  if (!link) throw new Error('the page has no credential link');
  const credential = (await fetchOk(link.href).then((r) => r.json())) as Record<string, unknown>;
  const site = siteOfCredentialUrl(link.href);
  if (!site) throw new Error(`${link.href} is not a credential address of a site`);
  const bundle = await makeOfflineBundle({
    credential,
    site,
    now: new Date(),
    instructions: Object.fromEntries(
      Object.entries(messages).map(([locale, table]) => [locale, table['credential.offlineInstructions']]),
    ),
    fetchJson: async (url) => {
      const response = await fetch(url);
      return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
    },
  });
  const award = section.closest<HTMLElement>('[data-live-status]')?.dataset ?? {};
  saveFile(JSON.stringify(bundle, null, 2) + '\n', 'application/json', `${award.fileName ?? 'badge'}-offline.json`);
}

/** Saves bytes as a download named `name`. */
function saveFile(bytes: Uint8Array | string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer> | string], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started reading the blob; free it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Bakes one image from the files the page links to, and saves it. */
async function downloadBaked(section: HTMLElement, kind: string): Promise<void> {
  const { BAKED_BADGES, bakeBadge, isBakedBadgeKind } = await import('../lib/credentials/baked-badges.ts');
  if (!isBakedBadgeKind(kind)) throw new Error(`unknown baked badge ${kind}`);
  const documentUrl = (name: string) => {
    const link = section.querySelector<HTMLAnchorElement>(`a[data-document="${name}"]`);
    if (!link) throw new Error(`the page has no ${name} link`);
    return link.href;
  };
  const { artwork: format, mediaType, suffix } = BAKED_BADGES[kind as BakedBadgeKind];
  // The artwork and the files' names are the award's, on the page's root element.
  const award = section.closest<HTMLElement>('[data-live-status]')?.dataset ?? {};
  const artworkUrl = format === 'png' ? award.artworkPng : award.artworkSvg;
  if (!artworkUrl) throw new Error(`the page names no ${format} artwork`);
  const [artwork, assertion, credential] = await Promise.all([
    fetchOk(artworkUrl).then(async (r) => new Uint8Array(await r.arrayBuffer())),
    fetchOk(documentUrl('assertion')).then((r) => r.json() as Promise<unknown>),
    fetchOk(documentUrl('credential')).then((r) => r.json() as Promise<unknown>),
  ]);
  saveFile(bakeBadge(kind, artwork, { assertion, credential }), mediaType, `${award.fileName ?? 'badge'}${suffix}`);
}
