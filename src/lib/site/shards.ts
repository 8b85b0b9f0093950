/**
 * Splitting a build's expensive work (social cards, signatures) over several
 * machines: shard i of n takes the awards and catalog entries whose id hashes
 * into it. The split depends only on the id and n, so every machine agrees
 * without talking to the others, and an award stays in its shard as others
 * are added.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as CI matrices count. */
  index: number;
  count: number;
}

/** Parses "i/n" (1 <= i <= n); throws a message naming the option otherwise. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new Error(`--shard ${text}: expected i/n with 1 <= i <= n, for example --shard 2/4`);
  return { index, count };
}

/** The shard (1..count) an id belongs to: the first 4 bytes of its SHA-256, modulo count. */
export function shardOf(id: string, count: number): number {
  return (createHash('sha256').update(id.toLowerCase()).digest().readUInt32BE(0) % count) + 1;
}

export const inShard = (id: string, shard: Shard): boolean => shardOf(id, shard.count) === shard.index;
