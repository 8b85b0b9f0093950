/**
 * The award page's actions that are made from what the page already holds, so
 * the site stores them once rather than per award:
 *
 *   - the share links and the embed snippet, from the share section's data-*
 *     attributes, by the code the build uses (src/lib/share-urls.ts,
 *     src/lib/embed-markup.ts); the snippet's preview, and its markup in the
 *     code field;
 *   - the baked badge images: on a click, the chosen one is baked here from the
 *     award's published JSON and the badge class's artwork, by the same
 *     bakeBadge function the build side uses (src/lib/credentials/baked-badges.ts),
 *     and saved as a file.
 *
 * Without JavaScript none of them is shown; the page address and the JSON links remain.
 * A module script under script-src 'self'; the baking code loads on the first click.
 */
import type { BakedBadgeKind } from '../lib/credentials/baked-badges.ts';
import { embedMarkup } from '../lib/embed-markup.ts';
import { opensNewTab, SHARE_TARGETS, shareHref, shareInputFromData, type ShareInput, type ShareTarget } from '../lib/share-urls.ts';

export function startAwardActions(root: ParentNode = document): void {
  for (const section of root.querySelectorAll<HTMLElement>('[data-share]')) {
    // What is shared is the address the section offers to copy.
    const address = section.querySelector<HTMLInputElement>('input[data-copy-source]');
    if (!address) continue;
    // The award's inputs are on the page's root element, once for every language.
    const root = section.closest('[data-live-status]');
    const input = shareInputFromData((name) => section.getAttribute(name) ?? root?.getAttribute(name) ?? null, address.defaultValue);
    showShareLinks(section, input);
    showEmbed(section, input);
  }
  for (const section of root.querySelectorAll<HTMLElement>('[data-credential-downloads]')) {
    const status = section.querySelector<HTMLElement>('[data-bake-status]');
    for (const button of section.querySelectorAll<HTMLButtonElement>('button[data-bake]')) {
      button.closest('li')!.hidden = false;
      button.addEventListener('click', async () => {
        button.disabled = true;
        if (status) status.textContent = '';
        try {
          await downloadBaked(section, button.dataset.bake ?? '');
        } catch (error) {
          console.error(error);
          if (status) status.textContent = section.dataset.failed ?? String(error);
        } finally {
          button.disabled = false;
        }
      });
    }
  }
}

function showShareLinks(section: HTMLElement, input: ShareInput): void {
  const list = section.querySelector<HTMLElement>('[data-share-links]');
  if (!list) return;
  for (const link of list.querySelectorAll<HTMLAnchorElement>('a[data-share-target]')) {
    const target = link.dataset.shareTarget as ShareTarget;
    if (!SHARE_TARGETS.includes(target)) throw new Error(`unknown share target ${target}`);
    link.href = shareHref(target, input);
    if (opensNewTab(target)) {
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      const note = document.createElement('span');
      note.className = 'visually-hidden';
      note.textContent = ` (${list.dataset.newTab ?? ''})`;
      link.append(note);
    }
  }
  list.hidden = false;
}

/** Draws the snippet's preview and puts its markup into the code field. */
function showEmbed(section: HTMLElement, input: ShareInput): void {
  const details = section.querySelector<HTMLElement>('details[data-embed]');
  const preview = details?.querySelector<HTMLElement>('.embed-preview');
  const code = details?.querySelector<HTMLTextAreaElement>('[data-embed-code]');
  if (!details || !preview || !code) return;
  const { image = '', title = '', alt = '' } = preview.dataset;
  // embedMarkup escapes every value: the recipient's name stays text.
  preview.innerHTML = embedMarkup({ pageUrl: input.pageUrl, image, title, alt, badge: input.badge, issuer: input.organizationName });
  code.value = preview.innerHTML;
  details.hidden = false;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response;
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
  const bytes = bakeBadge(kind, artwork, { assertion, credential });
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${award.fileName ?? 'badge'}${suffix}`;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started reading the blob; free it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
