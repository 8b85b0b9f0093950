/**
 * Where a tile is, as C2SP tlog-tiles names it: `tile/<L>/<N>[.p/<W>]`, <N> in
 * 3-digit groups, every group but the last with an x (1234067 is
 * x001/x234/067). No hashing here: the browser's log check (verify/log.ts)
 * and the log writer (tiles.ts) both name tiles with it.
 */

/** Hashes in a full tile. */
export const TILE_WIDTH = 256;

/** `x001/x234/067` for 1234067. */
export function tileIndexPath(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`tile index ${n}`);
  const groups: string[] = [];
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** `tile/<L>/<N>[.p/<W>]` (level 'entries' for entry bundles); width 256 is a full tile. */
export function tilePath(level: number | 'entries', n: number, width = TILE_WIDTH): string {
  if (!(width >= 1 && width <= TILE_WIDTH)) throw new RangeError(`tile width ${width}`);
  return `tile/${level}/${tileIndexPath(n)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}
