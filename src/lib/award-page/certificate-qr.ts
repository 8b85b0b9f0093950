/**
 * The certificate's QR code as the page carries it and the browser draws it.
 * The build computes the code (certificate.ts, with the qrcode library) and the
 * page carries only its modules, packed a bit each and base64-encoded (about
 * 230 bytes, where the drawn <svg> path is about 2.3 KB); when the certificate
 * is made (src/browser/award-certificate.ts) the modules are drawn by the
 * library's own SVG renderer as a single <path>. Pure: runs in Node and the browser.
 */
import { render as renderQrSvg } from 'qrcode/lib/renderer/svg-tag.js';

/** Modules of quiet zone around the code (the QR standard asks for 4). */
export const QR_MARGIN = 4;

export interface QrSvg {
  /** Side of the code in modules, quiet zone included (the SVG's viewBox). */
  size: number;
  /** The dark modules as one SVG path (drawn with a stroke of width 1). */
  path: string;
}

/** A code's modules (`size` x `size`, 1 = dark, row after row) as "<size>:<base64 of the bits>". */
export function packQrModules(size: number, modules: ArrayLike<number | boolean>): string {
  const bytes = new Uint8Array(Math.ceil((size * size) / 8));
  for (let i = 0; i < size * size; i++) if (modules[i]) bytes[i >> 3]! |= 0x80 >> (i & 7);
  return `${size}:${btoa(String.fromCharCode(...bytes))}`;
}

/** The modules packQrModules packed, or an error for anything else. */
export function unpackQrModules(packed: string): { size: number; modules: Uint8Array } {
  const match = /^(\d{2,3}):([A-Za-z0-9+/]+=*)$/.exec(packed);
  if (!match) throw new Error('not a packed QR code');
  const size = Number(match[1]);
  const bytes = Uint8Array.from(atob(match[2]!), (c) => c.charCodeAt(0));
  if (bytes.length !== Math.ceil((size * size) / 8)) throw new Error('packed QR code of the wrong length');
  const modules = new Uint8Array(size * size);
  for (let i = 0; i < modules.length; i++) modules[i] = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
  return { size, modules };
}

/** The code drawn as the qrcode library's SVG renderer draws it: one path of horizontal runs. */
export function qrSvgPath(packed: string): QrSvg {
  const { size, modules } = unpackQrModules(packed);
  // The renderer reads only the modules (size and data) of the library's QR object.
  const qr = { modules: { size, data: modules } } as unknown as Parameters<typeof renderQrSvg>[0];
  const svg = renderQrSvg(qr, { margin: QR_MARGIN, color: { dark: '#000000', light: '#0000' } });
  // Keep only what we need from the library's markup, and only if it is what we expect:
  // path data made of moves and horizontal lines, nothing else reaches the page.
  const match = /^<svg [^>]*viewBox="0 0 (\d+) \1"[^>]*><path stroke="#000000" d="([Mmh0-9. ]+)"\/><\/svg>\s*$/.exec(
    svg,
  );
  if (!match) throw new Error(`qrcode's SVG renderer returned unexpected markup: ${svg.slice(0, 120)}`);
  return { size: Number(match[1]), path: match[2]! };
}

/** Inline SVG of the code: one path, decorative (the address is printed next to it). */
export function qrSvgMarkup(packed: string): string {
  const { size, path } = qrSvgPath(packed);
  return `<svg class="certificate-qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" aria-hidden="true" focusable="false"><path stroke="#000" d="${path}"/></svg>`;
}
