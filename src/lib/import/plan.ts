/**
 * Exam passes + the awards already in content -> the new awards of one import:
 * deterministic ids, duplicates, and the certification awards that the passes
 * complete (by the program's rules in eligibility.ts). Pure.
 */
import { parse as parseUuid, v5 as uuidv5 } from 'uuid';
import { certificationsCompletedBy } from '../eligibility.ts';
import type { Award, BadgeClass, ClaimSettings, LocalizedText } from '../content/schema.ts';
import type { ExamPass, MappedRow, RowError, RowSkip } from './map-row.ts';

export type DuplicatePolicy = 'skip' | 'replace' | 'error';

export interface ImportedRow {
  row: number;
  status: 'imported';
  awardId: string;
  badge: string;
}

/** A certification award created because a pass completed its requirements. */
export interface DerivedAward {
  award: Award;
  /** The row whose pass completed it; undefined when an earlier import's pass did. */
  row?: number;
  completedBy: string;
}

export type RowOutcome = ImportedRow | RowSkip | RowError;

export interface ImportPlan {
  outcomes: RowOutcome[];
  /** New awards, in row order, then the derived certification awards. */
  awards: Award[];
  derived: DerivedAward[];
  /** Awards in content that `--duplicates replace` takes out (by id, with their file). */
  replaced: { id: string; file: string; row: number }[];
}

export interface PlanInput {
  rows: readonly MappedRow[];
  existing: readonly Award[];
  /** Where each existing award is (content.sources). */
  sources: ReadonlyMap<string, string>;
  catalog: readonly BadgeClass[];
  claims: ClaimSettings;
  idNamespace: string;
  duplicates: DuplicatePolicy;
  /** Ids of existing awards that are published: `replace` refuses to take those out. */
  published?: ReadonlySet<string>;
  /** Award ids (any letter case) the ledger holds as erased: never created again. */
  erased?: ReadonlySet<string>;
  /** The build's checks on each award about to be created (map-row.ts checkAward): the award as
   * the build reads it, or the row's error. */
  check?: (award: Award, row: number) => Award | RowError;
}

/** The award id: a UUID v5 of person, badge and moment under the issuer's namespace. */
export function awardIdFor(
  namespace: string | Uint8Array,
  person: { candidateId?: string; email: string },
  badge: string,
  issuedOn: string,
): string {
  const who = person.candidateId ? `candidate:${person.candidateId}` : `email:${person.email.toLowerCase()}`;
  return uuidv5(`${who}\n${badge}\n${new Date(issuedOn).toISOString()}`, namespace);
}

interface Held {
  id: string;
  /** The row that creates it in this import; undefined for content. */
  row?: number;
}

/** One person, known by any of their keys (candidate id, email). */
interface Person {
  keys: Set<string>;
  held: Map<string, Held>;
  /** exam id -> earliest pass (award) */
  passes: Map<string, Award>;
  touched: boolean;
}

const text = (ko: string, en: string): LocalizedText => ({ ko, en });

function keysOf(r: { candidateId?: string; email: string }): string[] {
  return [`e:${r.email.toLowerCase()}`, ...(r.candidateId ? [`c:${r.candidateId}`] : [])];
}

class People {
  private byKey = new Map<string, Person>();
  /** The person with any of these keys, merging people that the keys show to be one. */
  get(keys: string[]): Person {
    const found = [...new Set(keys.map((k) => this.byKey.get(k)).filter((p): p is Person => p !== undefined))];
    const person = found[0] ?? { keys: new Set(), held: new Map(), passes: new Map(), touched: false };
    for (const other of found.slice(1)) {
      for (const k of other.keys) person.keys.add(k);
      for (const [badge, held] of other.held) if (!person.held.has(badge)) person.held.set(badge, held);
      for (const [exam, pass] of other.passes) addPass(person, exam, pass);
      person.touched ||= other.touched;
    }
    for (const k of keys) person.keys.add(k);
    for (const k of person.keys) this.byKey.set(k, person);
    return person;
  }
  all(): Set<Person> {
    return new Set(this.byKey.values());
  }
}

function addPass(person: Person, exam: string, award: Award) {
  const earlier = person.passes.get(exam);
  if (!earlier || Date.parse(award.issuedOn) < Date.parse(earlier.issuedOn)) person.passes.set(exam, award);
}

export function planImport(input: PlanInput): ImportPlan {
  const kindOf = new Map(input.catalog.map((b) => [b.id, b.kind]));
  const people = new People();
  const existingIds = new Set<string>();
  for (const award of input.existing) {
    existingIds.add(award.id);
    const person = people.get(keysOf(award.recipient));
    if (!person.held.has(award.badge)) person.held.set(award.badge, { id: award.id });
    // A revoked award is no longer a pass that can complete a certification.
    if (!award.revoked && kindOf.get(award.badge) === 'exam') addPass(person, award.badge, award);
  }

  const outcomes: RowOutcome[] = [];
  const newAwards = new Map<string, Award>();
  const outcomeByRow = new Map<number, number>();
  const rowOfAward = new Map<string, number>();
  const replaced: ImportPlan['replaced'] = [];
  const claim = input.claims.policy;
  // Parsed once: uuid would parse the namespace text again for every id.
  const namespace = parseUuid(input.idNamespace);
  const erased = new Set([...(input.erased ?? [])].map((id) => id.toLowerCase()));

  const record = (outcome: RowOutcome) => {
    outcomeByRow.set(outcome.row, outcomes.length);
    outcomes.push(outcome);
  };

  for (const mapped of input.rows) {
    if (mapped.status !== 'pass') {
      record(mapped);
      continue;
    }
    const pass: ExamPass = mapped.pass;
    const id = awardIdFor(namespace, pass, pass.badge, pass.issuedOn);
    // Erased at the earner's request: the ledger keeps its tombstone, the import never brings it back
    // (nor counts it as a pass toward a certification).
    if (erased.has(id)) {
      record({
        row: pass.row,
        status: 'skipped',
        reason: 'erased',
        awardId: id,
        detail: text(
          '원장에 파기된 수여로 남아 있어 다시 만들지 않습니다',
          'erased at the earner’s request (tombstone in the ledger): not created again',
        ),
      });
      continue;
    }
    const person = people.get(keysOf(pass));
    // Any pass of a person re-checks their certifications: an earlier import
    // (or hand-made content) may lack one that the rules say they earned.
    person.touched = true;
    if (existingIds.has(id) || newAwards.has(id)) {
      record({
        row: pass.row,
        status: 'skipped',
        reason: existingIds.has(id) ? 'already-imported' : 'duplicate',
        awardId: id,
        detail: existingIds.has(id)
          ? text(
              `이미 가져온 기록입니다 (${input.sources.get(id) ?? 'content'})`,
              `already imported (${input.sources.get(id) ?? 'content'})`,
            )
          : text(
              `같은 파일의 ${rowOfAward.get(id)}행과 같은 기록입니다`,
              `same record as row ${rowOfAward.get(id)} of this file`,
            ),
      });
      continue;
    }
    const made: Award = {
      id,
      recipient: { name: pass.name, email: pass.email, ...(pass.candidateId ? { candidateId: pass.candidateId } : {}) },
      badge: pass.badge,
      issuedOn: pass.issuedOn,
      evidence: [],
      visibility: 'public',
      claim,
      ...(pass.locale ? { locale: pass.locale } : {}),
    };
    const checked = input.check ? input.check(made, pass.row) : made;
    if ('status' in checked) {
      record(checked);
      continue;
    }
    const award = checked;
    const held = person.held.get(pass.badge);
    if (held) {
      const where =
        held.row !== undefined
          ? text(`${held.row}행`, `row ${held.row}`)
          : text(input.sources.get(held.id) ?? 'content', input.sources.get(held.id) ?? 'content');
      if (input.duplicates === 'error') {
        record({
          row: pass.row,
          status: 'error',
          kind: 'duplicate',
          column: '',
          value: pass.badge,
          problem: text(
            `같은 사람의 같은 배지가 이미 있습니다: ${held.id} (${where.ko})`,
            `the same person already has this badge: ${held.id} (${where.en})`,
          ),
          expected: text(
            '사람과 배지마다 한 번의 수여 (--duplicates skip|replace로 바꿀 수 있음)',
            'one award per person and badge (or choose --duplicates skip|replace)',
          ),
        });
        continue;
      }
      if (input.duplicates === 'skip') {
        record({
          row: pass.row,
          status: 'skipped',
          reason: 'duplicate',
          awardId: held.id,
          detail: text(
            `같은 사람의 같은 배지가 이미 있습니다: ${held.id} (${where.ko})`,
            `the same person already has this badge: ${held.id} (${where.en})`,
          ),
        });
        continue;
      }
      // replace: the later row wins within this file; an award in content is taken out of its file.
      // Either way the replaced award no longer counts as a pass toward certifications.
      const dropPass = () => {
        if (person.passes.get(pass.badge)?.id === held.id) person.passes.delete(pass.badge);
      };
      if (held.row !== undefined) {
        dropPass();
        newAwards.delete(held.id);
        const index = outcomeByRow.get(held.row)!;
        outcomes[index] = {
          row: held.row,
          status: 'skipped',
          reason: 'replaced',
          awardId: held.id,
          detail: text(`${pass.row}행으로 대체되었습니다`, `replaced by row ${pass.row}`),
        };
      } else if (input.published?.has(held.id)) {
        // Its page, credential and status-list slot are out in the world: deleting it
        // would orphan them. A published award is revoked, never silently replaced.
        record({
          row: pass.row,
          status: 'error',
          kind: 'published',
          column: '',
          value: pass.badge,
          problem: text(
            `공개된 수여 ${held.id}는 대체할 수 없습니다`,
            `award ${held.id} is published and cannot be replaced`,
          ),
          expected: text(
            '먼저 그 수여를 취소(revoke)한 뒤 다시 가져오기',
            'revoke that award first, then import again',
          ),
        });
        continue;
      } else {
        dropPass();
        replaced.push({ id: held.id, file: input.sources.get(held.id) ?? '', row: pass.row });
      }
    }
    newAwards.set(id, award);
    rowOfAward.set(id, pass.row);
    person.held.set(pass.badge, { id, row: pass.row });
    if (kindOf.get(pass.badge) === 'exam') addPass(person, pass.badge, award);
    record({ row: pass.row, status: 'imported', awardId: id, badge: pass.badge });
  }

  // Certifications completed by this import's passes (with earlier imports' passes).
  const derived: DerivedAward[] = [];
  for (const person of people.all()) {
    if (!person.touched) continue;
    const passDates = new Map([...person.passes].map(([exam, award]) => [exam, award.issuedOn]));
    for (const done of certificationsCompletedBy(passDates, input.catalog)) {
      if (person.held.has(done.certification.id)) continue;
      const completing = person.passes.get(done.completedBy)!;
      const recipient = completing.recipient;
      const id = awardIdFor(namespace, recipient, done.certification.id, done.completedOn);
      if (existingIds.has(id) || erased.has(id)) continue;
      const award: Award = {
        id,
        recipient: { ...recipient },
        badge: done.certification.id,
        issuedOn: done.completedOn,
        evidence: [],
        visibility: 'public',
        claim,
        ...(completing.locale ? { locale: completing.locale } : {}),
      };
      person.held.set(done.certification.id, { id });
      derived.push({ award, row: rowOfAward.get(completing.id), completedBy: done.completedBy });
    }
  }
  derived.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || a.award.badge.localeCompare(b.award.badge));
  return { outcomes, awards: [...newAwards.values(), ...derived.map((d) => d.award)], derived, replaced };
}
