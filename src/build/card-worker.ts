/**
 * Worker thread of the card pool (see cards.ts): loads the fonts once, then
 * draws each card it is sent and writes the PNG to the path it is given.
 */
import { rename, writeFile } from 'node:fs/promises';
import { threadId } from 'node:worker_threads';
import { cardRenderer, loadCardFonts } from './card-render.ts';
import type { CardTask } from './cards.ts';
import { serveTasks } from './worker-pool.ts';

const renderer = cardRenderer(await loadCardFonts());
let written = 0;

serveTasks<CardTask, number>(async (task) => {
  const png = await renderer.render(task.data, task.artworkFile);
  // Write then rename, so an interrupted build never leaves half a card in the cache.
  const partial = `${task.file}.${threadId}-${written++}.partial`;
  await writeFile(partial, png);
  await rename(partial, task.file);
  return png.length;
});
