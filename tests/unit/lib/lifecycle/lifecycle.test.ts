import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { forbiddenIds } from '../../../../src/steps/checks/privacy-guard.ts';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import { editAwardFile } from '../../../../src/lib/lifecycle/award-edits.ts';
import { reconcileWithContent } from '../../../../src/lib/lifecycle/content-ledger.ts';
import { ledgerAfterErase, planErase } from '../../../../src/lib/lifecycle/erase.ts';
import { readLedger } from '../../../../src/lib/lifecycle/ledger-files.ts';
import { tombstones, unrevokeEntry, withEntries } from '../../../../src/lib/lifecycle/ledger.ts';
import { computePlan, planMarkdown } from '../../../../src/lib/lifecycle/plan.ts';
import { parseMoment, revocationEdits, selectAwards } from '../../../../src/lib/lifecycle/revoke.ts';
import { buildSiteModel } from '../../../../src/lib/site-model.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot } from '../../../helpers/site-build.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const content = loadContent(fixtureContent, fixtureContent);
const { ledger } = readLedger(fixtureContent);
const now = new Date(FIXTURE_NOW);
const fixtureFile = path.join(fixtureContent, 'awards/fixture-awards.yaml');
const fixtureYaml = readFileSync(fixtureFile, 'utf8');
const sampleYaml = readFileSync(path.join(projectRoot, 'content/awards/2025-records-export.yaml'), 'utf8');

describe('award file edits keep everything else as it was', () => {
  test('revoking adds one `revoked` line block in the record’s own style; nothing else in the file changes', () => {
    const flow = editAwardFile(
      'a.yaml',
      fixtureYaml,
      new Map([[id(1), { kind: 'revoke', revoked: { on: '2026-01-01T00:00:00Z', reason: 'Issued: in error.' } }]]),
    );
    const added = flow.text!.split('\n').filter((line) => !fixtureYaml.split('\n').includes(line));
    assert.deepEqual(added, ['    revoked: { on: "2026-01-01T00:00:00Z", reason: "Issued: in error." }']);
    assert.equal(flow.text!.split('\n').length, fixtureYaml.split('\n').length + 1);
    const parsed = parseYaml(flow.text!) as { awards: { id: string; revoked?: unknown }[] };
    assert.deepEqual(parsed.awards.find((a) => a.id === id(1))!.revoked, {
      on: '2026-01-01T00:00:00Z',
      reason: 'Issued: in error.',
    });

    const block = editAwardFile(
      'b.yaml',
      sampleYaml,
      new Map([
        [
          '9fb93534-081c-4253-b1e2-73a87984a8ab',
          { kind: 'revoke', revoked: { on: '2026-01-01T00:00:00Z', reason: 'x' } },
        ],
      ]),
    );
    assert.ok(
      block.text!.includes(
        "    issuedOn: '2025-03-14T10:20:00+09:00'\n    revoked:\n      on: '2026-01-01T00:00:00Z'\n      reason: 'x'\n  # valid\n",
      ),
    );
    assert.equal(
      block.text!.replace("    revoked:\n      on: '2026-01-01T00:00:00Z'\n      reason: 'x'\n", ''),
      sampleYaml,
    );
  });

  test('un-revoking removes exactly the `revoked` lines; removing a record takes its comment with it', () => {
    const unrevoked = editAwardFile('a.yaml', fixtureYaml, new Map([[id(4), { kind: 'unrevoke' }]]));
    assert.equal(unrevoked.text, fixtureYaml.replace(/ {4}revoked: \{ on: "2025-10-01T12:00:00\+09:00".*\n/, ''));
    const removed = editAwardFile(
      'b.yaml',
      sampleYaml,
      new Map([['db149e47-14be-49ab-b93f-e42eabd2d9f2', { kind: 'remove' }]]),
    );
    const start = sampleYaml.indexOf('  # valid\n  - id: db149e47');
    const end = sampleYaml.indexOf('  # valid, expires in 2027');
    assert.ok(start > 0 && end > start);
    assert.equal(removed.text, sampleYaml.slice(0, start) + sampleYaml.slice(end));
  });

  test('JSON batch files keep their indentation; a single-record file is deleted when its record is removed', () => {
    const json = JSON.stringify([{ id: id(1), badge: 'x' }], null, 2) + '\n';
    const edited = editAwardFile(
      'a.json',
      json,
      new Map([[id(1), { kind: 'revoke', revoked: { on: '2026-01-01T00:00:00Z', reason: 'r' } }]]),
    );
    assert.equal(
      edited.text,
      JSON.stringify([{ id: id(1), badge: 'x', revoked: { on: '2026-01-01T00:00:00Z', reason: 'r' } }], null, 2) + '\n',
    );
    const compact = JSON.stringify({ awards: [{ id: id(1) }, { id: id(2) }] });
    assert.equal(
      editAwardFile('c.json', compact, new Map([[id(1), { kind: 'remove' }]])).text,
      JSON.stringify({ awards: [{ id: id(2) }] }),
    );
    assert.equal(
      editAwardFile('one.yaml', `# one award\nid: ${id(1)}\nbadge: x\n`, new Map([[id(1), { kind: 'remove' }]])).text,
      null,
    );
  });
});

describe('revoke: selecting awards', () => {
  test('by id, by badge and issue date; unknown ids are reported, revoked ones left alone', () => {
    const byId = selectAwards(content.awards, ledger, { ids: [id(1), id(4), '00000000-0000-4000-8000-000000000999'] });
    assert.deepEqual(
      byId.awards.map((a) => a.id),
      [id(1), id(4)],
    );
    assert.deepEqual(byId.unknown, ['00000000-0000-4000-8000-000000000999']);
    const { edits, alreadyRevoked } = revocationEdits(byId.awards, { on: FIXTURE_NOW, reason: 'r' });
    assert.deepEqual([...edits.keys()], [id(1)]);
    assert.deepEqual(
      alreadyRevoked.map((a) => a.id),
      [id(4)],
    );
    const byBadge = selectAwards(content.awards, ledger, {
      ids: [],
      badge: 'solutions-architect-expert',
      issuedBefore: parseMoment('2026-03-01', '--issued-before'),
    });
    assert.deepEqual(
      byBadge.awards.map((a) => a.id),
      [id(12)],
    );
    assert.throws(() => parseMoment('yesterday', '--on'), /--on "yesterday"/);
  });
});

describe('erase', () => {
  test('by id or by email; an unknown one touches nothing', () => {
    const byId = planErase(content.awards, ledger, id(13), FIXTURE_NOW);
    assert.deepEqual(
      byId.records.map((a) => a.id),
      [id(13)],
    );
    assert.equal(byId.tombstones[0]!.state, 'erased');
    assert.ok(byId.tombstones[0]!.revoked, 'an erased award is answered revoked');
    assert.equal(byId.tombstones[0]!.index, ledger.entries.find((e) => e.id === id(13))!.index, 'slot kept');
    const byEmail = planErase(content.awards, ledger, 'FIXTURE.Expiring@mail.example.com', FIXTURE_NOW);
    assert.deepEqual(
      byEmail.records.map((a) => a.id),
      [id(13)],
    );
    const unknown = planErase(content.awards, ledger, 'nobody@mail.example.com', FIXTURE_NOW);
    assert.deepEqual([unknown.records.length, unknown.tombstones.length], [0, 0]);
    // A withheld award that was never published has no ledger entry: its record goes, and an entry marked erased
    // (no revocation: no bit, no tombstone on the site) keeps an import from bringing it back.
    const neverPublished = planErase(content.awards, ledger, id(6), FIXTURE_NOW);
    assert.deepEqual(
      [neverPublished.records.length, neverPublished.tombstones.length, neverPublished.unpublished.length],
      [1, 0, 1],
    );
    const [entry] = neverPublished.unpublished;
    assert.deepEqual([entry!.id, entry!.state, entry!.revoked], [id(6), 'erased', undefined]);
    assert.ok(!ledger.entries.some((e) => e.index === entry!.index), 'a slot of its own');
  });

  test('an award erased before it was published stays erased: the ledger keeps it, the site shows nothing of it, the plan says erased', () => {
    const plan = planErase(content.awards, ledger, id(6), FIXTURE_NOW);
    const after = ledgerAfterErase(ledger, plan);
    assert.equal(after.entries.length, ledger.entries.length + 1);
    const remaining = { ...content, awards: content.awards.filter((a) => a.id !== id(6)) };
    const model = buildSiteModel(remaining, now);
    const reconciled = reconcileWithContent(after, remaining, now, model);
    assert.deepEqual([reconciled.changes, reconciled.problems], [[], []]);
    assert.ok(
      !tombstones(after, new Set(model.published.map((p) => p.award.id)), now).some((e) => e.id === id(6)),
      'no tombstone names it',
    );
    const markdown = planMarkdown(
      computePlan({ before: ledger, after, content: remaining, model, problems: [], maxShare: 1 }),
      'HEAD',
    );
    assert.match(markdown, /### Erased \(tombstones\) \(1\)\n\n- `00000000-0000-4000-8000-000000000006`/);
    assert.doesNotMatch(markdown, /### New awards/);
    // The record back in the content (a re-import by hand): the build names the safe action.
    const back = reconcileWithContent(after, content, now, buildSiteModel(content, now));
    assert.match(
      back.problems[0]?.message ?? '',
      /at the earner's request, and its record is back in the content: remove the record/,
    );
  });
});

describe('privacy: withheld ids stay forbidden except tombstones of awards published before', () => {
  test('a hidden revoked award may be named (tombstone); a hidden valid one or a never-published one may not', () => {
    const hidden = content.awards.map((a) =>
      a.id === id(4) || a.id === id(1) ? { ...a, visibility: 'private' as const } : a,
    );
    const model = buildSiteModel({ ...content, awards: hidden }, now);
    const { ledger: next } = reconcileWithContent(ledger, { ...content, awards: hidden }, now, model);
    const stones = tombstones(next, new Set(model.published.map((p) => p.award.id)), now).map((e) => e.id);
    assert.deepEqual(stones, [id(4)]);
    const forbidden = forbiddenIds(
      model.withheld.map((w) => w.id),
      stones,
    );
    assert.ok(!forbidden.has(id(4)));
    for (const n of [1, 6, 7, 8, 9, 10]) assert.ok(forbidden.has(id(n)), id(n));
  });
});

describe('plan', () => {
  const model = buildSiteModel(content, now);
  test('lists revocations, hidden and deleted awards and changed fields; an un-revocation and a key change are dangerous', () => {
    const changed = content.awards
      .filter((a) => a.id !== id(5))
      .map((a) => {
        if (a.id === id(1)) return { ...a, revoked: { on: FIXTURE_NOW, reason: 'Duplicate record.' } };
        if (a.id === id(2)) return { ...a, visibility: 'private' as const };
        if (a.id === id(3)) return { ...a, recipient: { ...a.recipient, name: 'Priya N.' } };
        return a;
      });
    const after = { ...content, awards: changed };
    const afterModel = buildSiteModel(after, now);
    const { ledger: next } = reconcileWithContent(ledger, after, now, afterModel);
    const plan = computePlan({
      before: ledger,
      beforeContent: content,
      after: next,
      content: after,
      model: afterModel,
      problems: [],
      maxShare: 0.9,
    });
    assert.deepEqual(
      plan.revoked.map((e) => e.id),
      [id(1)],
    );
    assert.deepEqual(plan.hidden, [{ id: id(2), reason: 'private' }]);
    assert.deepEqual(plan.deleted, [id(5)]);
    assert.deepEqual(
      plan.changed.find((c) => c.id === id(3)),
      { id: id(3), fields: ['recipient.name'] },
    );
    assert.deepEqual(plan.dangers, []);
    const markdown = planMarkdown(plan, '`main`');
    assert.match(markdown, /^## Publish plan \(against `main`\)/);
    assert.match(markdown, /### Revocations \(1\)\n\n- `00000000-0000-4000-8000-000000000001`: Duplicate record\./);
    assert.match(markdown, /No dangerous change\./);
    assert.ok(!markdown.includes('Priya'), 'no names in the comment');

    const strict = computePlan({
      before: ledger,
      beforeContent: content,
      after: next,
      content: after,
      model: afterModel,
      problems: [],
      maxShare: 0.1,
    });
    assert.match(strict.dangers.join('\n'), /4 of 8 published awards change/);

    const entry = ledger.entries.find((e) => e.id === id(4))!;
    const unrevoked = withEntries(ledger, [unrevokeEntry(entry, 'Appeal upheld.', FIXTURE_NOW)]);
    const keyed = computePlan({
      before: { ...ledger, publicKey: 'z6MkOld' },
      after: unrevoked,
      content,
      model,
      problems: [],
      publicKey: 'z6MkNew',
      maxShare: 1,
    });
    assert.deepEqual(keyed.unrevoked, [{ id: id(4), reason: 'Appeal upheld.' }]);
    assert.equal(keyed.dangers.length, 2, keyed.dangers.join('\n'));
    assert.match(planMarkdown(keyed, 'x'), /### ⚠ Dangerous changes\n\n- 1 un-revocation/);
  });

  test('a ledger entry that moved or vanished is dangerous', () => {
    const [first, ...rest] = ledger.entries;
    const moved = computePlan({
      before: ledger,
      after: { entries: [{ ...first!, index: first!.index + 1 }, ...rest] },
      content,
      model,
      problems: [],
      maxShare: 1,
    });
    assert.match(moved.dangers.join('\n'), /award \S+ moved from status slot/);
    const vanished = computePlan({
      before: ledger,
      after: { entries: rest },
      content,
      model,
      problems: [],
      maxShare: 1,
    });
    assert.match(vanished.dangers.join('\n'), /left the ledger/);
  });
});
