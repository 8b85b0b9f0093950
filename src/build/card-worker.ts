/**
 * Worker thread of the card pool (see cards.ts): loads each font once, when a card first needs it, then
 * draws each run of cards it is sent and writes each PNG to the cache folder it is given.
 */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { threadId, workerData } from 'node:worker_threads';
import { cardFonts } from './card-fonts.ts';
import { cardRenderer } from './card-render.ts';
import { type CardTask, cardEntryName, isCardPng } from './cards.ts';
import { serveTasks } from './worker-pool.ts';

const renderer = cardRenderer(cardFonts({ primaryCoverage: (workerData as { primaryCoverage?: number[] } | null)?.primaryCoverage }));
let written = 0;

serveTasks<CardTask[], string[]>(async (tasks, progress) => {
  const entries: string[] = [];
  for (const task of tasks) {
    const png = await renderer.render(task.data, task.artworkFile);
    if (!isCardPng(png)) throw new Error(`the card drawn for ${task.key} is not a whole 1200x630 PNG`);
    // Write then rename, so an interrupted build never leaves half a card in the cache.
    const entry = cardEntryName(task.key, png);
    const partial = path.join(task.cacheDir, `${entry}.${threadId}-${written++}.partial`);
    await writeFile(partial, png);
    await rename(partial, path.join(task.cacheDir, entry));
    entries.push(entry);
    progress(1);
  }
  return entries;
});
