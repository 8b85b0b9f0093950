// The qrcode package's SVG renderer (public package, internal path; @types/qrcode
// declares only the package's entry point). certificate.ts uses it synchronously.
declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCode, QRCodeRenderersOptions } from 'qrcode';
  export function render(qr: QRCode, options?: QRCodeRenderersOptions): string;
}
