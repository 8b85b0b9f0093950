/**
 * The log's index files (log/index/<prefix>.json): each award's entry
 * positions under hex digits of its hash, in files named by the first one or
 * two. Browser-safe (no imports): the build and the verify core share it.
 * One hex digit up to 65,536 entries (16 files of at most ~100 KB), then two
 * (256 files), so that a small site does not publish 256 tiny files.
 */
export const indexPrefixLength = (logSize: number): number => (logSize <= 65_536 ? 1 : 2);

/** How many hex digits of the award hash name it in its file (after the prefix): enough to tell awards apart. */
export const INDEX_KEY_END = 16;

export const indexFile = (awardHash: string, logSize: number): string =>
  `index/${awardHash.slice(0, indexPrefixLength(logSize))}.json`;

export const indexKey = (awardHash: string, logSize: number): string =>
  awardHash.slice(indexPrefixLength(logSize), INDEX_KEY_END);
