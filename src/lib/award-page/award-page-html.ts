/**
 * The award page's own markup (head tags and main content), rendered from page
 * data as HTML strings. Award pages are the one page type that grows with the
 * program (10,000s), so they are rendered on all cores by a build step
 * (src/steps/award-pages/award-pages.ts) into the page frame Astro renders once; the dev
 * server's award route renders the same functions. Everything interpolated is
 * escaped by the html`` template.
 */
import { bakingArtworkPaths } from '../credentials/baked-badges.ts';
import { awardArtwork } from './award-artwork.ts';
import { certificateCodeAttributes, qrCode } from './certificate.ts';
import { siteDid } from '../credentials/keys.ts';
import { pick } from '../site-model.ts';
import { embedParts } from '../social/embed.ts';
import { html, rawHtml, type Html } from '../html.ts';
import { t } from '../i18n.ts';
import { awardJsonLd, scriptSafeJson } from '../social/json-ld.ts';
import { awardView, isNoindex, type AwardView } from './page-data.ts';
import type { Locale } from '../content/schema.ts';
import { shareInput } from '../social/share-links.ts';
import { encodeQueryValue, shareAwardData } from '../social/share-urls.ts';
import type { PublishedAward, SiteModel } from '../site-model.ts';
import { awardSocialTags, awardTitleAndDescription } from '../social/social-meta.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';

export interface AwardPageParts {
  title: string;
  description: string;
  /** Tags for the page head: robots, Open Graph, Twitter, JSON-LD. */
  head: string;
  /** The page's main content, every locale's version. */
  main: string;
}

/** The award's locales, the issuer's default first (it is shown without a choice). */
export function awardLocales(model: SiteModel): Locale[] {
  const first = model.issuer.defaultLocale;
  return [first, ...model.issuer.locales.filter((l) => l !== first)];
}

export function awardPageParts(model: SiteModel, entry: PublishedAward, urls: SiteUrls): AwardPageParts {
  const { title, description } = awardTitleAndDescription(model, entry, urls, model.issuer.defaultLocale);
  return { title, description, head: awardHead(model, entry, urls).value, main: awardMain(model, entry, urls).value };
}

function awardHead(model: SiteModel, entry: PublishedAward, urls: SiteUrls): Html {
  const jsonLd = awardJsonLd(model, entry, urls);
  const tags = awardSocialTags(model, entry, urls).map((tag) =>
    tag.attribute === 'property'
      ? html`<meta property="${tag.key}" content="${tag.content}">`
      : html`<meta name="${tag.key}" content="${tag.content}">`,
  );
  return html`
    ${isNoindex(entry) && rawHtml('<meta name="robots" content="noindex">')}
    ${tags}
    ${jsonLd && html`<script type="application/ld+json">${rawHtml(scriptSafeJson(jsonLd))}</script>`}
  `;
}

function awardMain(model: SiteModel, entry: PublishedAward, urls: SiteUrls): Html {
  // Once per page, not per language: a QR code costs a few milliseconds (certificate.ts).
  const walletQr =
    entry.state.status === 'revoked' ? undefined : qrCode(urls.url(sitePaths.ob3Credential(entry.award.id)));
  const versions = awardLocales(model).map((locale, i) => {
    const view = awardView(model, entry, urls, locale);
    const { title } = awardTitleAndDescription(model, entry, urls, locale);
    return html`
      <div id="${locale}" class="award-locale" lang="${locale}" data-locale="${locale}" data-default="${i === 0 ? 'true' : 'false'}" data-title="${title}">
        ${awardDetails(view, verifyButton(model, entry, urls, locale), aboutIssuer(model, urls, locale), earnerTools(model, entry, urls, locale, walletQr?.size))}
      </div>
    `;
  });
  return html`
    <div class="award-locales"
      ${liveStatusData(entry, urls)}
      ${certificateCodeAttributes(entry, urls)}
      ${shareRootData(model, entry, urls)}
      ${bakingData(entry, urls)}>
      ${walletQr && walletQrSymbol(walletQr.path)}
      ${versions}
    </div>
  `;
}

/**
 * What the page script (src/browser/award-page.ts) needs to tell the status as
 * of the moment the page is viewed: the expiry, the credential (its status entry
 * holds this award's bit index) and the site's revocation list, by its path on
 * this host and by the URL credentials name it with.
 */
function liveStatusData(entry: PublishedAward, urls: SiteUrls): Html {
  return html` data-live-status
    data-credential="${urls.path(sitePaths.ob3Credential(entry.award.id))}"
    data-status-list="${urls.path(sitePaths.statusList())}"
    data-status-list-url="${urls.url(sitePaths.statusList())}"
    data-built-status="${entry.state.status}"${entry.award.expires && html` data-expires="${entry.award.expires}"`}`;
}

/** What the share links need of the award, once for every language (src/lib/social/share-urls.ts), and
 * the embed snippet's image (the snippet's texts are the script's: src/lib/award-page/award-page-texts.ts). */
function shareRootData(model: SiteModel, entry: PublishedAward, urls: SiteUrls): Html[] {
  const input = shareInput(model, entry, urls, model.issuer.defaultLocale);
  const embed = embedParts(model, entry, urls, model.issuer.defaultLocale);
  if (!input || !embed) return [];
  // The root has data-expires (live status) and data-award-id (certificate) already, with the same values.
  return [
    ...dataAttributes(shareAwardData(input).filter(([name]) => name !== 'expires' && name !== 'award-id')),
    html` data-embed-image="${embed.image}"`,
  ];
}

/** What the script bakes badge images from, once for every language: the badge class's artwork
 * in both formats, and the stem of the saved files' names. Nothing for a revoked award. */
function bakingData(entry: PublishedAward, urls: SiteUrls): Html | undefined {
  if (entry.state.status === 'revoked') return undefined;
  const artwork = bakingArtworkPaths(entry.badgeClass);
  return html` data-artwork-png="${urls.path(artwork.png)}"
    data-artwork-svg="${urls.path(artwork.svg)}"
    data-file-name="${downloadName(entry)}"`;
}

/** The stem of the names of the files the earner downloads. */
function downloadName({ award, badgeClass }: PublishedAward): string {
  return `${badgeClass.id}-${award.id.slice(0, 8)}`;
}

/** Who earned what, from whom, when, and whether it is valid: first thing on the page. */
function awardHero(view: AwardView): Html {
  const l = view.locale;
  // The layout is not output (html.ts): no whitespace between block elements, repeated in every page.
  return html`
    <div class="award-hero">
      ${awardArtwork(view, 240)}
      <div>
        <p class="eyebrow">${view.kindLabel}${view.code && ` · ${view.code}`}${view.levelLabel && ` · ${view.levelLabel}`}</p>
        <h1 id="award-title-${l}">${view.badgeName}</h1>
        <dl class="facts">
          <div>
            <dt>${t(l, 'award.issuedTo')}</dt>
            <dd class="recipient">${view.recipientName}</dd>
            ${view.profile && html`<dd class="profile-link"><a href="${view.profile.href}">${view.profile.label}</a></dd>`}
          </div>
          <div>
            <dt>${t(l, 'award.issuedBy')}</dt>
            <dd><a href="${view.issuerUrl}">${view.issuerName}</a></dd>
          </div>
          <div>
            <dt>${t(l, 'award.issuedOn')}</dt>
            <dd><time datetime="${view.issuedOnDate}">${view.issuedOn}</time></dd>
          </div>
          <div>
            <dt data-expiry-label>${view.status === 'expired' ? t(l, 'award.expired') : t(l, 'award.expires')}</dt>
            <dd>${view.expires ? html`<time datetime="${view.expiresDate}">${view.expires}</time>` : t(l, 'award.noExpiry')}</dd>
          </div>
          <div>
            <dt>${t(l, 'award.status')}</dt>
            <dd><span class="status status--${view.status}" data-status="${view.status}">${view.statusLabel}</span></dd>
          </div>
        </dl>
      </div>
    </div>
  `;
}

/** The status in words, as built; the page script replaces it with the status as of
 * viewing (in the words of its text table, src/lib/award-page/award-page-texts.ts) and says when
 * it checked, or that it could not. */
function statusNotice(view: AwardView, verify: Html): Html {
  const l = view.locale;
  const reason =
    view.revocationReason &&
    html`<p><strong>${t(l, 'award.revocationReason')}:</strong> <span class="revocation-reason">${view.revocationReason}</span></p>`;
  return html`
    <section class="notice notice--${view.status}" data-status-notice${view.status === 'valid' ? '' : rawHtml(' role="status"')}>
      <p data-status-note>${view.statusNote}</p>
      ${reason}
      ${view.retiredNote && html`<p class="retired-note">${view.retiredNote}</p>`}
      <p class="as-of" data-status-as-of>${view.stateAsOf}</p>
      ${verify}
    </section>
  `;
}

/** What the badge means: description, criteria, required exams, skills, evidence. */
function aboutSection(view: AwardView): Html {
  const l = view.locale;
  const criteria =
    (view.criteriaText || view.criteriaUrl) &&
    html`
      <h3>${t(l, 'award.criteria')}</h3>
      ${view.criteriaText && html`<p>${view.criteriaText}</p>`}
      ${view.criteriaUrl && html`<p><a href="${view.criteriaUrl}">${t(l, 'award.criteriaLink')}</a></p>`}
    `;
  const exams = (req: AwardView['requires'][number]) =>
    req.exams.map((exam, i) => html`${i > 0 && ' / '}<a href="${exam.href}">${exam.label}</a>`);
  const requires =
    view.requires.length > 0 &&
    html`
      <h3>${t(l, 'award.requires')}</h3>
      <ul class="requirements">
        ${view.requires.map((req) => html`<li>${req.oneOf && html`<span>${t(l, 'award.requiresOneOf')}: </span>`}${exams(req)}</li>`)}
      </ul>
    `;
  const skills =
    view.skills.length > 0 &&
    html`
      <h3>${t(l, 'award.skills')}</h3>
      <ul class="skills">
        ${view.skills.map((skill) => html`<li>${skill.href ? html`<a href="${skill.href}">${skill.label}</a>` : skill.label}</li>`)}
      </ul>
    `;
  const evidence =
    view.evidence.length > 0 &&
    html`
      <h3>${t(l, 'award.evidence')}</h3>
      <ul class="evidence">
        ${view.evidence.map(
          (e) => html`
            <li>
              ${e.narrative && html`<p>${e.narrative}</p>`}
              ${e.url && html`<a href="${e.url}" rel="nofollow">${t(l, 'award.evidenceLink')}</a>`}
            </li>
          `,
        )}
      </ul>
    `;
  return html`
    <section class="about" aria-labelledby="about-${l}">
      <h2 id="about-${l}">${t(l, 'award.aboutBadge')}</h2>
      <p>${view.badgeDescription}</p>
      ${criteria}
      ${requires}
      ${skills}
      ${evidence}
      <p><a href="${view.certificationPage.href}">${view.certificationPage.label}</a></p>
    </section>
  `;
}

/** The earner's tools (print, share, embed, wallet, downloads), one section collapsed by
 * default: the page is the recruiter's view, and a visitor is not invited to add someone
 * else's badge to their profile. A <details> opens and closes without script; the page's
 * script opens it when the earner arrives from their email's link (earner-link.ts). */
function earnerTools(
  model: SiteModel,
  entry: PublishedAward,
  urls: SiteUrls,
  locale: Locale,
  walletQrSize: number | undefined,
): Html {
  return html`
    <details class="earner-tools" data-earner-tools>
      <summary>${t(locale, 'award.tools')}</summary>
      <p class="earner-tools-help">${t(locale, 'award.toolsHelp')}</p>
      ${printAction(entry, locale)}
      ${shareSection(model, entry, urls, locale)}
      ${walletQrSize !== undefined && walletSection(entry, urls, locale, walletQrSize)}
      ${credentialDownloads(entry, urls, locale)}
    </details>
  `;
}

/** The page, in reading order: who earned what and whether it holds, what it means, who
 * issued it, then the earner's tools. */
function awardDetails(view: AwardView, verify: Html, issuer: Html, tools: Html): Html {
  return html`
    <article class="award award--${view.status}" aria-labelledby="award-title-${view.locale}">
      ${awardHero(view)}
      ${statusNotice(view, verify)}
      ${aboutSection(view)}
      ${issuer}
      ${tools}
    </article>
  `;
}

/** Who the issuer is, for a reader who does not know it: what it does, its website, the
 * domain and DID its credentials are signed under (did:web of this site), and its catalog. */
function aboutIssuer(model: SiteModel, urls: SiteUrls, locale: Locale): Html {
  const { issuer } = model;
  const fallback = issuer.defaultLocale;
  const did = siteDid(urls);
  return html`
    <section class="about-issuer" aria-labelledby="issuer-${locale}">
      <h2 id="issuer-${locale}">${t(locale, 'issuerBlock.title')}</h2>
      <p><strong>${pick(issuer.name, locale, fallback)}</strong></p>
      <p>${pick(issuer.description, locale, fallback)}</p>
      <dl class="issuer-facts">
        <div>
          <dt>${t(locale, 'issuerBlock.website')}</dt>
          <dd><a href="${issuer.url}">${new URL(issuer.url).host}</a></dd>
        </div>
        <div>
          <dt>${t(locale, 'issuerBlock.domain')}</dt>
          <dd>${new URL(urls.origin).host} <span class="issuer-note">${t(locale, 'issuerBlock.domainNote')}</span></dd>
        </div>
        <div>
          <dt>${t(locale, 'issuerBlock.did')}</dt>
          <dd><a href="${urls.path(sitePaths.didDocument(urls.base))}"><code>${did}</code></a></dd>
        </div>
      </dl>
      <p><a href="${urls.path(sitePaths.catalog(locale, fallback))}">${t(locale, 'issuerBlock.catalog')}</a></p>
    </section>
  `;
}

/** The id of the wallet QR code's one drawing, used by every language's section. */
const WALLET_QR_ID = 'wallet-qr-code';

/** The QR code of the credential's address, drawn once per page (server-side, by the
 * qrcode library's SVG renderer as one path) and shown by each language's wallet section
 * with <use>. Nothing for a revoked award. */
function walletQrSymbol(path: string): Html {
  return html`<svg class="wallet-qr-defs" aria-hidden="true" focusable="false"><symbol id="${WALLET_QR_ID}"><path stroke="#000" d="${path}"/></symbol></svg>`;
}

/** "Add to a wallet": the credential's address as a QR code and to copy (a wallet fetches it
 * with a plain GET: LCW's app/lib/decode.ts credentialsFrom), and the file below. The page's
 * script adds the Learner Credential Wallet's request link (wallet-link.ts) once it has the
 * credential. No CHAPI button: CHAPI needs its polyfill script from a third party at page load. */
function walletSection(entry: PublishedAward, urls: SiteUrls, locale: Locale, size: number): Html {
  const credentialUrl = urls.url(sitePaths.ob3Credential(entry.award.id));
  return html`
    <section class="wallet" data-wallet aria-labelledby="wallet-${locale}">
      <h2 id="wallet-${locale}">${t(locale, 'wallet.title')}</h2>
      <p>${t(locale, 'wallet.help')}</p>
      <svg class="wallet-qr" data-wallet-qr viewBox="0 0 ${String(size)} ${String(size)}" shape-rendering="crispEdges" role="img" aria-label="${t(locale, 'wallet.qrLabel')}"><use href="#${WALLET_QR_ID}"/></svg>
      <div class="copy-group" data-copy-group>
        <label>
          <span>${t(locale, 'wallet.address')}</span>
          <input type="url" readonly value="${credentialUrl}" data-copy-source data-wallet-address>
        </label>
      </div>
      <p>${t(locale, 'wallet.file')}</p>
    </section>
  `;
}

/** "Verify this badge": the verify page, checking this award's credential at once. */
function verifyButton(model: SiteModel, entry: PublishedAward, urls: SiteUrls, locale: Locale): Html {
  const credential = urls.url(sitePaths.ob3Credential(entry.award.id));
  const href = `${urls.path(sitePaths.verifyPage(locale, model.issuer.defaultLocale))}?url=${encodeQueryValue(credential)}`;
  return html`<p class="verify-button"><a href="${href}" data-verify-link>${t(locale, 'verify.button')}</a></p>`;
}

/** How to print the certificate (print stylesheet). The page's script puts a "Print / save as PDF"
 * button here and hides the hint (src/browser/award-print.ts). Not for a revoked award. */
function printAction(entry: PublishedAward, locale: Locale): Html | undefined {
  if (entry.state.status === 'revoked') return undefined;
  return html`
    <p class="print-action">
      <span class="print-hint" data-print-hint>${t(locale, 'certificate.printHint')}</span>
    </p>
  `;
}

/** The page address to copy (nothing for a revoked award). The page's script makes the share
 * links, the copy buttons and the embed snippet here (src/browser/award-actions.ts, with the
 * code the build would use) from this address, what this version of the page shows and the
 * award's inputs on the page's root element. The sites shared to need JavaScript anyway;
 * without it the reader copies the address. */
function shareSection(model: SiteModel, entry: PublishedAward, urls: SiteUrls, locale: Locale): Html | undefined {
  const input = shareInput(model, entry, urls, locale);
  if (!input) return undefined;
  return html`
    <section class="share" data-share>
      <h2>${t(locale, 'share.title')}</h2>
      <div class="copy-group" data-copy-group>
        <label>
          <span>${t(locale, 'share.pageAddress')}</span>
          <input type="url" readonly value="${input.pageUrl}" data-copy-source>
        </label>
      </div>
      <p class="share-hint">${t(locale, 'share.kakaoHint')}</p>
    </section>
  `;
}

/** ` data-name="value"` for each pair. */
function dataAttributes(pairs: [string, string][]): Html[] {
  return pairs.map(([name, value]) => html` data-${name}="${value}"`);
}

/** Downloads of the award's credential: the JSON documents (written by
 * src/steps/credentials/credentials.ts) as links, and the baked badge images as buttons the
 * page's script shows: it bakes the chosen one in the browser from the JSON and
 * the badge class's artwork (src/browser/award-actions.ts), as the site stores
 * no baked image per award. Without JavaScript the page says so and the JSON
 * links remain. A revoked award gets a notice instead. */
function credentialDownloads(entry: PublishedAward, urls: SiteUrls, locale: Locale): Html {
  const { award } = entry;
  const name = downloadName(entry);
  if (entry.state.status === 'revoked') {
    return html`
      <section class="credential-downloads" data-credential-downloads>
        <h2>${t(locale, 'credential.title')}</h2>
        <p class="credential-revoked" data-credential-revoked>${t(locale, 'credential.revoked')}</p>
      </section>
    `;
  }
  const documents = [
    {
      kind: 'credential',
      path: sitePaths.ob3Credential(award.id),
      label: t(locale, 'credential.ob3Json'),
      file: `${name}-ob3.json`,
    },
    {
      kind: 'assertion',
      path: sitePaths.ob2Assertion(award.id),
      label: t(locale, 'credential.ob2Json'),
      file: `${name}-ob2.json`,
    },
  ];
  // The links look like buttons by the stylesheet (.download-links), without classes. The script
  // puts the bake buttons first in the list; the artwork and the files' names are on the page's
  // root element (bakingData).
  return html`
    <section class="credential-downloads" data-credential-downloads>
      <h2>${t(locale, 'credential.title')}</h2>
      <p>${t(locale, 'credential.help')}</p>
      <ul class="download-links">
        ${documents.map((d) => html`<li><a href="${urls.path(d.path)}" download="${d.file}" data-document="${d.kind}">${d.label}</a></li>`)}
      </ul>
      <noscript><p>${t(locale, 'credential.noScript')}</p></noscript>
    </section>
  `;
}
