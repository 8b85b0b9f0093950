/**
 * Reading QR codes the way a phone's camera would, from pixels: jsQR over the RGBA
 * pixels of a PNG (a Chromium screenshot) or of an SVG rasterized by sharp.
 */
import jsQR from 'jsqr';
import sharp from 'sharp';

/** The text of the one QR code in an image (PNG, SVG, …), or an error. */
export async function decodeQrImage(image: Buffer | string): Promise<string> {
  const { data, info } = await sharp(typeof image === 'string' ? Buffer.from(image) : image)
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
  if (!code) throw new Error(`no QR code found in the ${info.width}x${info.height} image`);
  return code.data;
}

/** The award page's wallet QR code as a standalone SVG: its one drawing (the <symbol> each
 * language's section shows with <use>) at the viewBox the sections give it, 8 px a module. */
export function walletQrSvg(pageHtml: string): string {
  const path = /<symbol id="wallet-qr-code"><path stroke="#000" d="([^"]+)"\/><\/symbol>/.exec(pageHtml)?.[1];
  const size = /<svg class="wallet-qr" data-wallet-qr viewBox="0 0 (\d+) \1"/.exec(pageHtml)?.[1];
  if (!path || !size) throw new Error('the page has no wallet QR code');
  const px = Number(size) * 8;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path stroke="#000" d="${path}"/></svg>`;
}
