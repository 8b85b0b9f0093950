/** A valid catalog entry for unit tests of the program rules: an exam unless `fields` say otherwise. */
import { badgeClassSchema, type BadgeClass } from '../../src/lib/content/schema.ts';

export const text = (s: string) => ({ ko: s, en: s });

export function entry(id: string, fields: Record<string, unknown> = {}): BadgeClass {
  return badgeClassSchema.parse({
    id,
    kind: 'exam',
    name: text(id),
    description: text(id),
    criteria: { text: text('pass') },
    image: '/images/badges/exam.svg',
    ...fields,
  });
}
