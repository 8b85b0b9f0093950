/**
 * Since when an award has been waiting for its earner: from when it entered the content, not from the
 * exam date. A backlog of passes from years ago imported today has waited 0 days, and the support desk
 * and the program report must say so ("pending 30d+" would send them chasing earners who were invited
 * yesterday).
 *
 * When it entered: the record's `addedOn` (written by `npm run import`), else the moment in the name of
 * the importer's batch file it is in (`import-YYYYMMDD-HHMMSS-<export>.yaml|json`, UTC: batches imported
 * before `addedOn` existed), else unknown. Never before `issuedOn`: an award cannot wait before it is
 * issued, and a hand-written record without `addedOn` counts from `issuedOn` as before.
 */
import type { Award } from '../content/schema.ts';

/** The importer's batch file name (src/lib/import/batch-file.ts, batchFileName): its stamp is the import moment in UTC. */
const IMPORT_BATCH = /(?:^|[\\/])import-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-[^\\/]+\.(?:ya?ml|json)$/i;

/** When the award entered the content, if the content says (ISO 8601), else undefined. */
export function enteredContentOn(award: Pick<Award, 'addedOn'>, file?: string): string | undefined {
  if (award.addedOn) return award.addedOn;
  const stamp = file ? IMPORT_BATCH.exec(file) : null;
  if (!stamp) return undefined;
  const [, year, month, day, hour, minute, second] = stamp;
  const moment = `${year}-${month}-${day}T${hour}:${minute}:${second}Z`;
  const time = Date.parse(moment);
  // A name that only looks like a stamp (month 13) says nothing.
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 19) !== moment.slice(0, 19) ? undefined : moment;
}

/** The moment a pending award's age counts from: the later of issuedOn and when it entered the content. */
export function pendingSince(award: Pick<Award, 'issuedOn' | 'addedOn'>, file?: string): string {
  const entered = enteredContentOn(award, file);
  return entered !== undefined && Date.parse(entered) > Date.parse(award.issuedOn) ? entered : award.issuedOn;
}
