/**
 * Build step: cuts the site's text font (Pretendard, variable, weights 400 to
 * 700) down to the characters the built site uses and writes it as WOFF2 with
 * its stylesheet (see src/lib/site/font-subsets.ts for the split into a core file
 * and slices). Runs after every step that writes pages, since recipients'
 * names can be in any script: the code points of every HTML page, script
 * and stylesheet come from the shared scan of the output (output-scan.ts).
 *
 * Subsetting (harfbuzz through `subset-font`) is cached in
 * `<cacheDir>/fonts/` by the characters and the font's version, so a build
 * whose text did not change reuses the files.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire, findPackageJSON } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import subsetFont from 'subset-font';
import {
  FONT_CORE,
  FONT_DIR,
  FONT_STYLESHEET,
  type FontFile,
  type FontMetrics,
  fontStylesheet,
  HANGUL_SAMPLE,
  isDrawable,
  languageFontFile,
  LATIN_SAMPLE,
  type LanguageFace,
  planSubsets,
} from '../../lib/site/font-subsets.ts';
import { languageName } from '../../lib/i18n.ts';
import { LOCALE_ROWS, type LocaleRow } from '../../lib/locales/registry.ts';
import type { BuildContext } from '../context.ts';
import { markWritten, outputScan } from '../checks/output-scan.ts';

const require = createRequire(import.meta.url);
/** The variable font: one file draws every weight the stylesheet uses (400, 600, 700). */
export const SOURCE_FONT = require.resolve('pretendard/dist/public/variable/PretendardVariable.ttf');
const FONT_VERSION = JSON.parse(readFileSync(findPackageJSON('pretendard', import.meta.url)!, 'utf8'))
  .version as string;
/** Bump when the subsetting options change. */
const SUBSET_VERSION = 1;

type Font = fontkit.Font;

function openSource(): Font {
  return fontkit.create(readFileSync(SOURCE_FONT)) as Font;
}

/** The font's vertical metrics and mean advances, in em, for the size-adjusted fallbacks. */
export function measureFont(font: Font): FontMetrics {
  const em = font.unitsPerEm;
  const advance = (text: string) => font.layout(text).advanceWidth / [...text].length / em;
  return {
    ascent: font.ascent / em,
    descent: Math.abs(font.descent) / em,
    lineGap: font.lineGap / em,
    latinAdvance: advance(LATIN_SAMPLE),
    hangulAdvance: advance(HANGUL_SAMPLE),
  };
}

async function subsetCached(
  cacheDir: string,
  source: Buffer,
  codePoints: number[],
  target: string,
  version = FONT_VERSION,
): Promise<{ cached: boolean }> {
  const key = createHash('sha256')
    .update(`${SUBSET_VERSION}\n${version}\n${codePoints.join(',')}`)
    .digest('hex')
    .slice(0, 32);
  const cached = path.join(cacheDir, 'fonts', `${key}.woff2`);
  try {
    await copyFile(cached, target);
    return { cached: true };
  } catch {
    const font = await subsetFont(source, String.fromCodePoint(...codePoints), {
      targetFormat: 'woff2',
      variationAxes: { wght: { min: 400, max: 700 } },
    });
    await mkdir(path.dirname(cached), { recursive: true });
    await writeFile(cached, font);
    await copyFile(cached, target);
    return { cached: false };
  }
}

export async function writeFontSubsets(context: BuildContext): Promise<void> {
  const { outDir, cacheDir, log } = context;
  const started = performance.now();
  // Code points per page come from the shared scan of the output.
  const scan = await outputScan(context);
  if (scan.tallyStale)
    throw new Error(
      'fonts: pages changed after the output was scanned; the font subset must run before any step that rewrites pages',
    );
  const { shared, awards, awardPages } = scan.tally;
  const font = openSource();
  const used = new Set([...shared.used(), ...awards.used()]);
  // Each language with a face of its own (Japanese: kanji in Japanese forms) gets the characters the site uses
  // that Pretendard lacks, and those of its own scripts (kana), in files its unicode-range keeps other pages from
  // loading. Characters a face claims stay out of Pretendard's core file, which every page loads.
  // Only the site's languages get a face (the page scripts carry every language's texts, but a language the issuer
  // does not publish is never shown); its scripts stay out of the core all the same.
  const published = new Set<string>(context.model.issuer.locales);
  const claimed = new Set<number>();
  const ownFaces = LOCALE_ROWS.flatMap((row) => {
    const { pageSubset, page, ownScripts = [] } = row.fonts as LocaleRow['fonts'];
    const script = ownScripts.length
      ? new RegExp(ownScripts.map((name) => `\\p{Script=${name}}`).join('|'), 'u')
      : undefined;
    if (!pageSubset || !published.has(row.code)) {
      for (const cp of used) if (script?.test(String.fromCodePoint(cp))) claimed.add(cp);
      return [];
    }
    const file = require.resolve(pageSubset);
    const own = fontkit.create(readFileSync(file)) as Font;
    const codePoints = [...used]
      .filter(
        (cp) =>
          isDrawable(cp) &&
          own.hasGlyphForCodePoint(cp) &&
          (!font.hasGlyphForCodePoint(cp) || script?.test(String.fromCodePoint(cp))),
      )
      .sort((a, b) => a - b);
    for (const cp of codePoints) claimed.add(cp);
    return codePoints.length ? [{ row, pageSubset, file, family: page[0]!.replaceAll('"', ''), codePoints }] : [];
  });
  const plan = planSubsets({
    shared: shared.used(),
    awardFiles: awards.files,
    awardPageCount: awardPages,
    covered: (cp) => font.hasGlyphForCodePoint(cp) && !claimed.has(cp),
  });
  const fontDir = path.join(outDir, FONT_DIR);
  // Whatever was in the font folder goes: the scan must forget it.
  markWritten(
    context,
    [...scan.files.keys()].filter((file) => file.startsWith(`${FONT_DIR}/`)),
  );
  await rm(fontDir, { recursive: true, force: true });
  await mkdir(fontDir, { recursive: true });
  const source = readFileSync(SOURCE_FONT);
  const files: FontFile[] = [
    { href: path.posix.basename(FONT_CORE), codePoints: plan.core },
    ...plan.slices.map((codePoints, i) => ({ href: `pretendard-${i + 1}.woff2`, codePoints })),
  ];
  let fresh = 0;
  for (const file of files)
    if (!(await subsetCached(cacheDir, source, file.codePoints, path.join(fontDir, file.href))).cached) fresh++;
  const languageFaces: LanguageFace[] = [];
  for (const { row, pageSubset, file, family, codePoints } of ownFaces) {
    // The language's own name ("日本語") is in every page's language menu: a file of its own, so pages in other
    // languages load those few glyphs, not the whole face (103 KB in the sample).
    const ownName = new Set([...languageName(row.code, row.code)].map((ch) => ch.codePointAt(0)!));
    const faces = [
      { family, href: `${row.code}-name.woff2`, codePoints: codePoints.filter((cp) => ownName.has(cp)) },
      {
        family,
        href: path.posix.basename(languageFontFile(row.code)),
        codePoints: codePoints.filter((cp) => !ownName.has(cp)),
      },
    ].filter((face) => face.codePoints.length > 0);
    const pkg = pageSubset.split('/')[0]!;
    const version = `${pkg}@${JSON.parse(readFileSync(findPackageJSON(pkg, import.meta.url)!, 'utf8')).version}`;
    for (const face of faces) {
      const made = await subsetCached(
        cacheDir,
        readFileSync(file),
        face.codePoints,
        path.join(fontDir, face.href),
        version,
      );
      if (!made.cached) fresh++;
      languageFaces.push(face);
    }
  }
  await writeFile(path.join(outDir, FONT_STYLESHEET), fontStylesheet(files, measureFont(font), languageFaces));
  markWritten(context, [FONT_STYLESHEET, ...[...files, ...languageFaces].map((f) => `${FONT_DIR}/${f.href}`)]);
  const glyphs = files.reduce((sum, f) => sum + f.codePoints.length, 0);
  const own = languageFaces.map((f) => `, ${f.codePoints.length} of ${f.family}`).join('');
  log(
    `fonts: ${glyphs} character(s) of Pretendard in ${files.length} file(s) (${plan.slices.length} slice(s) for rare characters)${own}, ${fresh} subset now, ${files.length + languageFaces.length - fresh} from cache (${Math.round(performance.now() - started)} ms)`,
  );
}
