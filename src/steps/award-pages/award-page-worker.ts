/** Worker thread of the award pages step (see award-pages.ts). */
import { workerData } from 'node:worker_threads';
import type { PublicAward } from '../../lib/content/schema.ts';
import { awardPageRenderer, type AwardPagesDone, type AwardPageSetup } from './award-page-render.ts';
import { serveTasks } from '../infrastructure/worker-pool.ts';

serveTasks<PublicAward[], AwardPagesDone>(awardPageRenderer(workerData as AwardPageSetup));
