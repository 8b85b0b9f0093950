/**
 * Build step: PNG icons made from the issuer logo (SVG or raster) with sharp, for
 * what takes no SVG icon: a 32 px favicon (older browsers, some crawlers) and a
 * 180 px apple-touch icon (iOS home screen, some link previews). iOS shows a
 * transparent touch icon on black, so that one gets a white background and a
 * margin, as Apple's own icons have.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { siteFile, sitePaths } from '../../lib/site-urls.ts';
import type { BuildStep } from '../context.ts';

export const FAVICON_SIZE = 32;
export const APPLE_TOUCH_SIZE = 180;
/** Margin around the logo on the touch icon, per side. */
const TOUCH_MARGIN = 14;

/** The two icons as PNG bytes, from the logo file's bytes. */
export async function siteIcons(logo: Buffer): Promise<{ favicon: Buffer; appleTouch: Buffer }> {
  const transparent = { r: 0, g: 0, b: 0, alpha: 0 };
  const favicon = await sharp(logo, { density: 300 })
    .resize(FAVICON_SIZE, FAVICON_SIZE, { fit: 'contain', background: transparent })
    .png()
    .toBuffer();
  const inner = APPLE_TOUCH_SIZE - 2 * TOUCH_MARGIN;
  // sharp applies its operations in a fixed order (flatten before resize), so the white canvas is a second image.
  const mark = await sharp(logo, { density: 300 })
    .resize(inner, inner, { fit: 'contain', background: transparent })
    .png()
    .toBuffer();
  const appleTouch = await sharp({
    create: { width: APPLE_TOUCH_SIZE, height: APPLE_TOUCH_SIZE, channels: 3, background: '#ffffff' },
  })
    .composite([{ input: mark, top: TOUCH_MARGIN, left: TOUCH_MARGIN }])
    .png()
    .toBuffer();
  return { favicon, appleTouch };
}

export const writeSiteIcons: BuildStep = async ({ outDir, model, log }) => {
  const logo = siteFile(model.issuer.logo);
  if (!logo) {
    log('site icons: the issuer logo is not a file of the site, so no PNG favicon or touch icon is made');
    return;
  }
  // public/ has been copied into outDir by now.
  const { favicon, appleTouch } = await siteIcons(await readFile(path.join(outDir, logo)));
  await writeFile(path.join(outDir, sitePaths.faviconPng()), favicon);
  await writeFile(path.join(outDir, sitePaths.appleTouchIcon()), appleTouch);
};
