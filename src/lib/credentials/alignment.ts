/**
 * A badge's skills as Open Badges alignments: each skill the catalog ties to the page
 * that defines it (`url`, with the framework and the code there, if named) is an
 * alignment of the OB 3.0 achievement (Alignment: targetName, targetUrl required) and
 * of the OB 2.0 badge class (AlignmentObject). Skills named only stay tags.
 */
import type { BadgeClass, Locale } from '../content/schema.ts';
import { pick } from '../site-model.ts';

type JsonObject = Record<string, unknown>;

function aligned(badgeClass: BadgeClass, locale: Locale): JsonObject[] {
  return badgeClass.skills.flatMap((skill) =>
    skill.url
      ? [
          {
            targetName: pick(skill.name, locale),
            targetUrl: skill.url,
            ...(skill.framework ? { targetFramework: skill.framework } : {}),
            ...(skill.code ? { targetCode: skill.code } : {}),
          },
        ]
      : [],
  );
}

/** OB 3.0 `alignment` of the achievement (empty when no skill names its definition). */
export function ob3Alignment(badgeClass: BadgeClass, locale: Locale): JsonObject[] {
  return aligned(badgeClass, locale).map((a) => ({ type: ['Alignment'], ...a }));
}

/** OB 2.0 `alignment` of the badge class. */
export function ob2Alignment(badgeClass: BadgeClass, locale: Locale): JsonObject[] {
  return aligned(badgeClass, locale);
}
