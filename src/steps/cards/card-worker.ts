/**
 * Worker thread of the card pool (see cards.ts): loads each font once, when a card first needs it, then
 * draws each run of cards it is sent and writes each PNG to the cache folder it is given.
 */
import { workerData } from 'node:worker_threads';
import { type CacheSeal, writeEntry } from '../infrastructure/cache-entry.ts';
import { cardFonts } from './card-fonts.ts';
import { cardRenderer } from './card-render.ts';
import { type CardTask, isCardPng } from './cards.ts';
import { serveTasks } from '../infrastructure/worker-pool.ts';

const { primaryCoverage, seal } = workerData as { primaryCoverage?: number[]; seal: CacheSeal };
const renderer = cardRenderer(cardFonts({ primaryCoverage }));

serveTasks<CardTask[], string[]>(async (tasks, progress) => {
  const entries: string[] = [];
  for (const task of tasks) {
    const png = await renderer.render(task.data, task.artworkFile);
    if (!isCardPng(png)) throw new Error(`the card drawn for ${task.key} is not a whole 1200x630 PNG`);
    // Synchronous, as the award page worker: waiting on the event loop in a worker only adds idle time.
    entries.push(writeEntry(task.cacheDir, task.key, png, '.png', seal));
    progress(1);
  }
  return entries;
});
