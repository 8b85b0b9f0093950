/**
 * The award page's actions that are made from what the page already holds, so
 * the site stores them once rather than per award:
 *
 *   - the embed code: the markup of the embed preview, put into the code field
 *     (the page carries the snippet once, not a second time escaped);
 *   - the baked badge images: on a click, the chosen one is baked here from the
 *     award's published JSON and the badge class's artwork, by the same
 *     bakeBadge function the build side uses (src/lib/credentials/baked-badges.ts),
 *     and saved as a file.
 *
 * Without JavaScript neither is shown; the preview and the JSON links remain.
 * A module script under script-src 'self'; the baking code loads on the first click.
 */
import type { BakedBadgeKind } from '../lib/credentials/baked-badges.ts';

export function startAwardActions(root: ParentNode = document): void {
  for (const group of root.querySelectorAll<HTMLElement>('[data-embed-code-group]')) {
    const code = group.querySelector<HTMLTextAreaElement>('[data-embed-code]');
    const preview = group.closest('details')?.querySelector('.embed-preview');
    if (!code || !preview) continue;
    code.value = preview.innerHTML;
    group.hidden = false;
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
  const artworkUrl = format === 'png' ? section.dataset.artworkPng : section.dataset.artworkSvg;
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
  link.download = `${section.dataset.fileName ?? 'badge'}${suffix}`;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started reading the blob; free it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
