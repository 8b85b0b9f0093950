/**
 * Worker thread of the card pool (see cards.ts): loads the fonts once, then
 * draws each card it is sent and writes the PNG to the path it is given.
 */
import { rename, writeFile } from 'node:fs/promises';
import { parentPort, threadId } from 'node:worker_threads';
import { cardRenderer, loadCardFonts } from './card-render.ts';
import type { CardTask, CardTaskResult } from './cards.ts';

if (!parentPort) throw new Error('card-worker.ts runs as a worker thread');
const port = parentPort;
const renderer = cardRenderer(await loadCardFonts());
let written = 0;

port.on('message', async (task: CardTask) => {
  let result: CardTaskResult;
  try {
    const png = await renderer.render(task.data, task.artworkFile);
    // Write then rename, so an interrupted build never leaves half a card in the cache.
    const partial = `${task.file}.${threadId}-${written++}.partial`;
    await writeFile(partial, png);
    await rename(partial, task.file);
    result = { id: task.id, bytes: png.length };
  } catch (error) {
    result = { id: task.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
  port.postMessage(result);
});
port.postMessage({ ready: true });
