/**
 * Post-build steps, in the order the integration runs them (the privacy guard
 * always runs after all of them). Each writes files into the built site.
 */
import type { BuildStep } from './context.ts';

export const buildSteps: BuildStep[] = [];
