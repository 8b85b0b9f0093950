/**
 * Social card (Open Graph image) layout: what a 1200x630 card says about an
 * award or a certification, and the satori element tree that draws it.
 * Pure: the build step (src/steps/cards/cards.ts) loads fonts and artwork and turns
 * the tree into a PNG.
 *
 * satori lays text out in boxes of the width it is given and lets it overflow
 * otherwise (satori issue 393), so every text box here has an explicit width,
 * a line clamp, and `wordBreak: 'keep-all'` so Korean words wrap whole.
 */
import { createRequire } from 'node:module';
import { formatDate, t, type MessageKey } from '../i18n.ts';
import type { BadgeClass, Locale } from '../content/schema.ts';
import { awardLocale, pick, type PublishedAward, type SiteModel } from '../site-model.ts';
import type { SiteUrls } from '../site-urls.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
/** Bump when the layout or the encoding changes, so cached cards are drawn again (2: RGB PNG, drawn in layers; 3: state stamp on the artwork; 4: award cards lead with the person). */
export const CARD_LAYOUT_VERSION = 4;
export const CARD_FONT_FAMILY = 'Pretendard';
/** Full Hangul coverage, static OTF (satori reads TTF/OTF/WOFF, not WOFF2). */
export const CARD_FONT_WEIGHTS = { 400: 'Regular', 600: 'SemiBold', 700: 'Bold' } as const;
export type CardFontWeight = keyof typeof CARD_FONT_WEIGHTS;

export function cardFontFiles(): { weight: CardFontWeight; file: string }[] {
  const require = createRequire(import.meta.url);
  return (Object.entries(CARD_FONT_WEIGHTS) as [string, string][]).map(([weight, name]) => ({
    weight: Number(weight) as CardFontWeight,
    file: require.resolve(`pretendard/dist/public/static/Pretendard-${name}.otf`),
  }));
}

export type CardTone = 'expired' | 'revoked' | 'retired';

/** A stamp across the artwork, so the picture itself says the award is not valid (or the entry has no badge). */
export interface CardStamp {
  tone: 'expired' | 'revoked' | 'no-badge';
  /** In the card's language, drawn large. */
  label: string;
  /** The same in the other language, drawn small under it. */
  secondary?: string;
}

/** Everything a card shows. It is also the card's cache key (with the artwork
 * bytes and renderer versions), so it holds only what is drawn. */
export interface CardData {
  /** Language of the main text (satori picks locale-specific glyph forms by it). */
  locale: Locale;
  issuer: string;
  title: string;
  /** The title in the site's other language, when it differs. */
  subtitle?: string;
  recipient?: string;
  /** Short lines such as "발급일 2025년 3월 14일". */
  facts: string[];
  /** Shown only when the award or entry is not plainly valid. */
  states: { label: string; tone: CardTone }[];
  footer: string;
  /** Grey the artwork (expired, revoked), as the award page does. */
  mutedArtwork: boolean;
  stamp?: CardStamp;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cut text that is far longer than any card line, at a grapheme boundary, so
 * an absurd name cannot slow satori down; the visual clamp is lineClamp. */
export function clampText(text: string, maxGraphemes: number): string {
  // A text has at most as many graphemes as UTF-16 code units: short texts need no segmenting.
  if (text.trim().length <= maxGraphemes) return text.trim();
  const segments = [...graphemes.segment(text.trim())];
  if (segments.length <= maxGraphemes) return text.trim();
  return `${segments
    .slice(0, maxGraphemes - 1)
    .map((s) => s.segment)
    .join('')
    .trimEnd()}…`;
}

/** Font size for a heading: long text steps down so it fits its lines. */
export function fitFontSize(
  text: string,
  steps: readonly (readonly [maxLength: number, size: number])[],
  smallest: number,
): number {
  const length = [...text].reduce(
    (n, ch) => n + (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u4e00-\u9fff]/.test(ch) ? 1.8 : 1),
    0,
  );
  for (const [maxLength, size] of steps) if (length <= maxLength) return size;
  return smallest;
}

function otherLocale(model: SiteModel, locale: Locale): Locale | undefined {
  return model.issuer.locales.find((l) => l !== locale);
}

/** A state in the card's language, then the other one ("만료됨 · Expired"): the card is the same for every reader. */
function stateLabel(
  locale: Locale,
  other: Locale | undefined,
  key: MessageKey,
  vars: (l: Locale) => Record<string, string> = () => ({}),
): string {
  const main = t(locale, key, vars(locale));
  if (!other) return main;
  const second = t(other, key, vars(other));
  return second === main ? main : `${main} · ${second}`;
}

/** The stamp's text in the card's language and the other one (omitted when it reads the same). */
function stampOf(tone: CardStamp['tone'], locale: Locale, other: Locale | undefined, key: MessageKey): CardStamp {
  const label = t(locale, key);
  const secondary = other && t(other, key);
  return { tone, label, ...(secondary && secondary !== label ? { secondary } : {}) };
}

function retiredLabel(locale: Locale, other: Locale | undefined, badgeClass: BadgeClass): string {
  return stateLabel(locale, other, 'card.retired', (l) => ({ kind: t(l, `kind.${badgeClass.kind}`) }));
}

/** One card per award, in the award's language (the earner's, else the issuer's default: the award page has a
 * single URL for every language, and its preview speaks the earner's), with the certification's name in another. */
export function awardCardData(model: SiteModel, entry: PublishedAward, urls: SiteUrls): CardData {
  const fallback = model.issuer.defaultLocale;
  const locale = awardLocale(entry.award, model.issuer);
  const other = otherLocale(model, locale);
  const { award, badgeClass, state } = entry;
  const title = pick(badgeClass.name, locale, fallback);
  const subtitle = other ? pick(badgeClass.name, other, fallback) : undefined;
  const facts = [`${t(locale, 'award.issuedOn')} ${formatDate(locale, award.issuedOn)}`];
  if (award.expires)
    facts.push(
      `${t(locale, state.status === 'expired' ? 'award.expired' : 'award.expires')} ${formatDate(locale, award.expires)}`,
    );
  const states: CardData['states'] = [];
  if (state.status === 'revoked')
    states.push({ label: stateLabel(locale, other, 'award.status.revoked'), tone: 'revoked' });
  else if (state.status === 'expired')
    states.push({ label: stateLabel(locale, other, 'award.status.expired'), tone: 'expired' });
  if (state.retiredOn) states.push({ label: retiredLabel(locale, other, badgeClass), tone: 'retired' });
  return {
    locale,
    issuer: clampText(pick(model.issuer.name, locale, fallback), 80),
    title: clampText(title, 120),
    subtitle: subtitle && subtitle !== title ? clampText(subtitle, 120) : undefined,
    recipient: clampText(award.recipient.name, 90),
    facts,
    states,
    footer: new URL(urls.site).host,
    mutedArtwork: state.status !== 'valid',
    stamp: state.status === 'valid' ? undefined : stampOf(state.status, locale, other, `award.status.${state.status}`),
  };
}

/** The card of a certification or exam page. */
export function certificationCardData(model: SiteModel, badgeClass: BadgeClass, urls: SiteUrls): CardData {
  const locale = model.issuer.defaultLocale;
  const other = otherLocale(model, locale);
  const title = pick(badgeClass.name, locale, locale);
  const subtitle = other ? pick(badgeClass.name, other, locale) : undefined;
  const facts = [
    [t(locale, `kind.${badgeClass.kind}`), badgeClass.code, badgeClass.level && t(locale, `level.${badgeClass.level}`)]
      .filter(Boolean)
      .join(' · '),
  ];
  const states: CardData['states'] = badgeClass.retiredOn
    ? [{ label: retiredLabel(locale, other, badgeClass), tone: 'retired' }]
    : [];
  const noBadge = model.decisions.get(badgeClass.id)?.hasBadge === false;
  return {
    locale,
    issuer: clampText(pick(model.issuer.name, locale, locale), 80),
    title: clampText(title, 120),
    subtitle: subtitle && subtitle !== title ? clampText(subtitle, 120) : undefined,
    facts,
    states,
    footer: new URL(urls.site).host,
    mutedArtwork: noBadge,
    stamp: noBadge ? stampOf('no-badge', locale, other, 'catalog.noBadge') : undefined,
  };
}

/**
 * The site's own card, for pages about no single award or certification (home,
 * catalogs, FAQ, verify): the issuer's logo in the artwork panel, the site's
 * headline in the page's language and, under it, in the other one. Same layout
 * as the other cards, without a recipient.
 */
export function siteCardData(model: SiteModel, urls: SiteUrls, locale: Locale): CardData {
  const fallback = model.issuer.defaultLocale;
  const other = otherLocale(model, locale);
  const issuer = pick(model.issuer.name, locale, fallback);
  const title = t(locale, 'home.title');
  const subtitle = other ? t(other, 'home.title') : undefined;
  return {
    locale,
    issuer: clampText(issuer, 80),
    title: clampText(title, 120),
    subtitle: subtitle && subtitle !== title ? clampText(subtitle, 120) : undefined,
    facts: [t(locale, 'card.siteFacts')],
    states: [],
    footer: new URL(urls.site).host,
    mutedArtwork: false,
  };
}

/** A satori node: the plain-object form of a JSX element. */
export interface CardNode {
  type: string;
  props: {
    style?: Record<string, string | number>;
    children?: (CardNode | string)[] | CardNode | string;
    [attribute: string]: unknown;
  };
}

const COLORS = { ink: '#1b1f24', muted: '#5b6470', paper: '#ffffff', panel: '#0f2f57', panelEnd: '#1f5a9e' };
const TONE_COLORS: Record<CardTone, { text: string; background: string }> = {
  expired: { text: '#7a4700', background: '#fff1d6' },
  revoked: { text: '#ffffff', background: '#b3261e' },
  retired: { text: '#3d4652', background: '#e6e9ee' },
};

/** Stamp colours: strong enough to read over the greyed artwork. */
const STAMP_COLORS: Record<CardStamp['tone'], string> = {
  revoked: '#b3261e',
  expired: '#8a5300',
  'no-badge': '#4a5360',
};

export const CARD_PANEL_WIDTH = 440;
const TEXT_PADDING = 64;
/** Width of every text box on the right: card minus panel minus padding. */
export const CARD_TEXT_WIDTH = CARD_WIDTH - CARD_PANEL_WIDTH - 2 * TEXT_PADDING;
export const CARD_ARTWORK_SIZE = 320;

function text(value: string, style: Record<string, string | number>, lines: number): CardNode {
  return {
    type: 'div',
    props: {
      style: {
        display: 'block',
        width: CARD_TEXT_WIDTH,
        wordBreak: 'keep-all',
        overflowWrap: 'break-word',
        lineClamp: lines,
        ...style,
      },
      children: value,
    },
  };
}

function box(style: Record<string, string | number>, children: (CardNode | string)[]): CardNode {
  return { type: 'div', props: { style: { display: 'flex', ...style }, children } };
}

/** A text the card draws, with the weight it is drawn in. */
export interface CardTextRun {
  weight: CardFontWeight;
  text: string;
}

/** Every text on the card with its font weight, read from the element tree itself (for choosing fonts). */
export function cardTextRuns(data: CardData): CardTextRun[] {
  const runs: CardTextRun[] = [];
  const walk = (node: CardNode | string, weight: CardFontWeight) => {
    if (typeof node === 'string') return void runs.push({ weight, text: node });
    const own = (node.props.style?.fontWeight as CardFontWeight | undefined) ?? weight;
    const children = node.props.children;
    for (const child of Array.isArray(children) ? children : children === undefined ? [] : [children]) walk(child, own);
  };
  walk(cardElement(data, ''), 400);
  return runs;
}

/**
 * Which part of the card to draw. The two layers of a card put together are the
 * whole card: `frame` is everything but the bottom block (artwork panel, issuer;
 * and on cards without a recipient the title and subtitle), the same for every
 * award of a badge; `bottom` is the bottom block alone (on award cards the
 * recipient, then the badge's title and subtitle; dates, states, footer) on
 * white, laid out exactly where it sits on the whole card (it is anchored to the bottom edge).
 */
export type CardLayer = 'whole' | 'frame' | 'bottom';

/** What the frame layer of a card shows: cards with equal keys share one frame. */
export function cardFrameKey(data: CardData, artworkFile: string): string {
  // An award card's title and subtitle are drawn under the name, in the bottom block: not in its frame.
  const headline = data.recipient === undefined ? [data.title, data.subtitle ?? null] : ['person first'];
  return JSON.stringify([artworkFile, data.mutedArtwork, data.stamp ?? null, data.locale, data.issuer, ...headline]);
}

/** The card as a satori element tree; `artwork` is a data URI of the badge image as PNG. */
export function cardElement(data: CardData, artwork: string, layer: CardLayer = 'whole'): CardNode {
  const issuer = text(data.issuer, { fontSize: 26, fontWeight: 600, color: COLORS.muted }, 1);
  const subtitle =
    data.subtitle &&
    text(data.subtitle, { fontSize: 26, fontWeight: 400, color: COLORS.muted, lineHeight: 1.3, marginTop: 10 }, 2);
  const top: CardNode[] = [issuer];
  const bottom: CardNode[] = [];
  if (data.recipient) {
    // An award's card leads with the person, as its preview title does ("Name — Badge"): the name is the
    // headline, the badge under it. Both are in the bottom block (drawn per card, over the shared frame).
    bottom.push(
      text(
        data.recipient,
        {
          fontSize: fitFontSize(
            data.recipient,
            [
              [22, 56],
              [40, 46],
            ],
            38,
          ),
          fontWeight: 700,
          color: COLORS.ink,
          lineHeight: 1.2,
        },
        2,
      ),
      text(
        data.title,
        {
          fontSize: fitFontSize(
            data.title,
            [
              [30, 36],
              [60, 32],
            ],
            28,
          ),
          fontWeight: 600,
          color: COLORS.ink,
          lineHeight: 1.25,
          marginTop: 14,
        },
        3,
      ),
    );
    if (subtitle) bottom.push(subtitle);
  } else {
    const titleSize = fitFontSize(
      data.title,
      [
        [24, 60],
        [40, 52],
        [60, 44],
      ],
      38,
    );
    top.push(
      text(data.title, { fontSize: titleSize, fontWeight: 700, color: COLORS.ink, lineHeight: 1.2, marginTop: 18 }, 3),
    );
    if (subtitle) top.push(subtitle);
  }
  if (data.facts.length)
    bottom.push(
      text(data.facts.join('  ·  '), { fontSize: 24, fontWeight: 400, color: COLORS.muted, marginTop: 12 }, 2),
    );
  if (data.states.length) {
    bottom.push(
      box(
        { flexDirection: 'row', flexWrap: 'wrap', width: CARD_TEXT_WIDTH, marginTop: 16 },
        data.states.map((s) =>
          box(
            {
              fontSize: 24,
              fontWeight: 700,
              color: TONE_COLORS[s.tone].text,
              backgroundColor: TONE_COLORS[s.tone].background,
              borderRadius: 999,
              padding: '6px 20px',
              marginRight: 12,
            },
            [s.label],
          ),
        ),
      ),
    );
  }
  bottom.push(text(data.footer, { fontSize: 22, fontWeight: 400, color: COLORS.muted, marginTop: 18 }, 1));
  const panelStyle: Record<string, string | number> = {
    width: CARD_PANEL_WIDTH,
    flexShrink: 0,
    height: CARD_HEIGHT,
    alignItems: 'center',
    justifyContent: 'center',
  };
  // The card's root: the artwork panel and the text column side by side, on paper.
  const card = (children: CardNode[]) =>
    box(
      {
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        flexDirection: 'row',
        backgroundColor: COLORS.paper,
        fontFamily: CARD_FONT_FAMILY,
      },
      children,
    );
  if (layer === 'bottom') {
    return card([
      box(panelStyle, []),
      box(
        {
          flexDirection: 'column',
          justifyContent: 'flex-end',
          boxSizing: 'border-box',
          width: CARD_WIDTH - CARD_PANEL_WIDTH,
          height: CARD_HEIGHT,
          padding: `56px ${TEXT_PADDING}px 44px`,
        },
        [box({ flexDirection: 'column' }, bottom)],
      ),
    ]);
  }
  if (layer === 'frame') bottom.length = 0;
  return card([
    box(
      {
        width: CARD_PANEL_WIDTH,
        flexShrink: 0,
        height: CARD_HEIGHT,
        alignItems: 'center',
        justifyContent: 'center',
        backgroundImage: `linear-gradient(180deg, ${COLORS.panel}, ${COLORS.panelEnd})`,
      },
      [
        box(
          {
            position: 'relative',
            width: CARD_ARTWORK_SIZE,
            height: CARD_ARTWORK_SIZE,
            alignItems: 'center',
            justifyContent: 'center',
          },
          [
            {
              type: 'img',
              props: {
                src: artwork,
                width: CARD_ARTWORK_SIZE,
                height: CARD_ARTWORK_SIZE,
                style: { opacity: data.mutedArtwork ? 0.6 : 1 },
              },
            },
            ...(data.stamp ? [stampElement(data.stamp)] : []),
          ],
        ),
      ],
    ),
    box(
      {
        flexDirection: 'column',
        justifyContent: 'space-between',
        boxSizing: 'border-box',
        width: CARD_WIDTH - CARD_PANEL_WIDTH,
        height: CARD_HEIGHT,
        padding: `56px ${TEXT_PADDING}px 44px`,
      },
      [box({ flexDirection: 'column' }, top), box({ flexDirection: 'column' }, bottom)],
    ),
  ]);
}

/** The stamp across the artwork: a tilted, bordered label on white, like an ink stamp. */
function stampElement(stamp: CardStamp): CardNode {
  const color = STAMP_COLORS[stamp.tone];
  const lines: CardNode[] = [
    {
      type: 'div',
      props: {
        style: {
          display: 'block',
          fontSize: 48,
          fontWeight: 700,
          letterSpacing: 2,
          textTransform: 'uppercase',
          lineHeight: 1.1,
        },
        children: stamp.label,
      },
    },
  ];
  if (stamp.secondary)
    lines.push({
      type: 'div',
      props: {
        style: {
          display: 'block',
          fontSize: 24,
          fontWeight: 700,
          letterSpacing: 2,
          textTransform: 'uppercase',
          marginTop: 4,
        },
        children: stamp.secondary,
      },
    });
  return box(
    {
      position: 'absolute',
      top: CARD_ARTWORK_SIZE / 2 - 60,
      left: -10,
      width: CARD_ARTWORK_SIZE + 20,
      height: 120,
      flexDirection: 'column',
      alignItems: 'center',
      justifyContent: 'center',
      boxSizing: 'border-box',
      border: `8px solid ${color}`,
      borderRadius: 14,
      backgroundColor: 'rgba(255, 255, 255, 0.92)',
      color,
      transform: 'rotate(-12deg)',
    },
    lines,
  );
}
