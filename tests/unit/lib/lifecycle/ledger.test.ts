import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  eraseEntry,
  hashedSlot,
  ledgerRegressions,
  parseLedger,
  reconcileLedger,
  sealEntry,
  serializeLedger,
  unrevokeEntry,
  withEntries,
  type AwardSnapshot,
  type Ledger,
  type Revocation,
} from '../../../../src/lib/lifecycle/ledger.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const NOW = '2026-11-26T00:00:00Z';

/** mulberry32: a seeded PRNG, so a failing sequence can be replayed from its seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sync = (ledger: Ledger, awards: Map<string, AwardSnapshot>, length?: number) => {
  const result = reconcileLedger(ledger, [...awards.values()], NOW, length);
  assert.deepEqual(result.problems, []);
  return result.ledger;
};

describe('ledger: status-list indexes', () => {
  test('property: no sequence of insertions (back-dated or not), hiding, deletions, re-additions, revocations or erasures moves or reuses an index', () => {
    // A 512-slot list with up to ~200 awards: hashed slots collide often, so probing is exercised.
    const LENGTH = 512;
    for (let seed = 1; seed <= 60; seed++) {
      const random = prng(seed);
      const awards = new Map<string, AwardSnapshot>();
      const deleted = new Map<string, AwardSnapshot>();
      const erased = new Set<string>();
      let ledger: Ledger = { entries: [] };
      const everIndex = new Map<string, number>();
      const everOwner = new Map<number, string>();
      const everRevoked = new Set<string>();
      let next = 1;
      for (let step = 0; step < 150; step++) {
        const roll = random();
        const present = [...awards.keys()];
        const pick = () => present[Math.floor(random() * present.length)]!;
        if (roll < 0.4 || present.length === 0) {
          if (everIndex.size + 1 > LENGTH / 2 - 1) break;
          // Issued any time in 2020–2026: often before awards already in the ledger.
          const issuedOn = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 7 * 365) * 86_400_000).toISOString();
          awards.set(id(next), { id: id(next), issuedOn, published: random() < 0.8 });
          next++;
        } else if (roll < 0.55) {
          const a = awards.get(pick())!;
          awards.set(a.id, { ...a, published: !a.published });
        } else if (roll < 0.65) {
          const a = pick();
          deleted.set(a, awards.get(a)!);
          awards.delete(a);
        } else if (roll < 0.72 && deleted.size) {
          const [a, snapshot] = [...deleted][Math.floor(random() * deleted.size)]!;
          deleted.delete(a);
          awards.set(a, snapshot);
        } else if (roll < 0.85) {
          const a = awards.get(pick())!;
          const revoked: Revocation = { on: NOW, reason: `step ${step}` };
          awards.set(a.id, { ...a, revoked: a.revoked ?? revoked });
        } else {
          const a = pick();
          const entry = ledger.entries.find((e) => e.id === a);
          awards.delete(a);
          if (entry) {
            ledger = withEntries(ledger, [eraseEntry(entry, NOW)]);
            erased.add(a);
          }
        }
        ledger = sync(ledger, awards, LENGTH);
        // Round trip through the file: what the next build reads.
        const reread = parseLedger(serializeLedger(ledger));
        assert.deepEqual(reread.problems, [], `seed ${seed} step ${step}`);
        ledger = reread.ledger;
        const seen = new Set<number>();
        for (const entry of ledger.entries) {
          assert.ok(!seen.has(entry.index), `seed ${seed}: index ${entry.index} held twice`);
          seen.add(entry.index);
          const before = everIndex.get(entry.id);
          if (before !== undefined) assert.equal(entry.index, before, `seed ${seed} step ${step}: ${entry.id} moved`);
          const owner = everOwner.get(entry.index);
          if (owner !== undefined)
            assert.equal(owner, entry.id, `seed ${seed} step ${step}: index ${entry.index} reused`);
          everIndex.set(entry.id, entry.index);
          everOwner.set(entry.index, entry.id);
          if (entry.revoked) everRevoked.add(entry.id);
          else assert.ok(!everRevoked.has(entry.id), `seed ${seed} step ${step}: ${entry.id} lost its revocation`);
        }
        for (const a of everIndex.keys())
          assert.ok(
            ledger.entries.some((e) => e.id === a),
            `seed ${seed}: ${a} left the ledger`,
          );
        for (const a of erased) assert.equal(ledger.entries.find((e) => e.id === a)!.state, 'erased');
        for (const a of awards.values()) {
          if (a.published) assert.ok(everIndex.has(a.id), `seed ${seed}: published ${a.id} has no slot`);
        }
      }
    }
  });

  test('a new award takes its hashed slot, and the next free one past every ledger slot on a collision', () => {
    const first = sync({ entries: [] }, new Map([[id(1), { id: id(1), issuedOn: NOW, published: true }]]));
    assert.equal(first.entries[0]!.index, hashedSlot(id(1)));
    // Find another id hashing to the same slot in a tiny list: it must probe past it.
    const length = 8;
    const a = sync({ entries: [] }, new Map([[id(1), { id: id(1), issuedOn: NOW, published: true }]]), length);
    const taken = a.entries[0]!.index;
    let n = 2;
    while (hashedSlot(id(n), length) !== taken) n++;
    const b = sync(a, new Map([[id(n), { id: id(n), issuedOn: '2001-01-01T00:00:00Z', published: true }]]), length);
    assert.equal(
      b.entries.find((e) => e.id === id(1))!.index,
      taken,
      'the earlier entry keeps its slot although the new award is back-dated',
    );
    assert.equal(b.entries.find((e) => e.id === id(n))!.index, (taken + 1) % length);
  });
});

describe('ledger: content against ledger', () => {
  const revoked: Revocation = { on: '2026-01-01T00:00:00+09:00', reason: 'Issued in error.' };
  const base = () =>
    sync(
      { entries: [] },
      new Map([
        [id(1), { id: id(1), issuedOn: NOW, published: true }],
        [id(2), { id: id(2), issuedOn: NOW, published: true, revoked }],
      ]),
    );

  test('removing `revoked` from a record is refused, naming the award and the command', () => {
    const result = reconcileLedger(base(), [{ id: id(2), issuedOn: NOW, published: true }], NOW);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]!.award, id(2));
    assert.match(result.problems[0]!.message, /npm run unrevoke/);
  });

  test('hiding, deleting or erasing a revoked award keeps its slot and its revocation', () => {
    for (const snapshots of [[{ id: id(2), issuedOn: NOW, published: false, revoked }], []]) {
      const { ledger, changes, problems } = reconcileLedger(base(), snapshots, NOW);
      assert.deepEqual(problems, []);
      const entry = ledger.entries.find((e) => e.id === id(2))!;
      assert.deepEqual(entry.revoked, revoked);
      assert.ok(changes.some((c) => c.kind === 'state' && c.id === id(2)));
    }
  });

  test('an explicit un-revocation is recorded with its reason, and then the record may drop `revoked`', () => {
    const ledger = base();
    const entry = unrevokeEntry(ledger.entries.find((e) => e.id === id(2))!, 'Appeal upheld.', NOW);
    assert.equal(entry.revoked, undefined);
    assert.deepEqual(entry.unrevoked, [{ on: NOW, reason: 'Appeal upheld.', revoked }]);
    const after = reconcileLedger(
      withEntries(ledger, [entry]),
      [
        { id: id(1), issuedOn: NOW, published: true },
        { id: id(2), issuedOn: NOW, published: true },
      ],
      NOW,
    );
    assert.deepEqual(after.problems, []);
    assert.deepEqual(after.changes, []);
  });

  test('a revocation moved later is refused (its bit would clear until then); an earlier date or another reason is recorded', () => {
    const later = reconcileLedger(
      base(),
      [{ id: id(2), issuedOn: NOW, published: true, revoked: { ...revoked, on: '2099-10-01T12:00:00+09:00' } }],
      NOW,
    );
    assert.equal(later.problems.length, 1);
    assert.equal(later.problems[0]!.award, id(2));
    assert.match(later.problems[0]!.message, /Moving a revocation later clears its status bit.*npm run unrevoke/);
    for (const change of [{ on: '2025-12-01T00:00:00+09:00' }, { reason: 'Issued in error (duplicate record).' }]) {
      const result = reconcileLedger(
        base(),
        [
          { id: id(1), issuedOn: NOW, published: true },
          { id: id(2), issuedOn: NOW, published: true, revoked: { ...revoked, ...change } },
        ],
        NOW,
      );
      assert.deepEqual(result.problems, []);
      assert.deepEqual(
        result.changes.map((c) => c.kind),
        ['revocation-changed'],
      );
    }
  });

  test('against an earlier ledger: a revocation moved later without a recorded un-revocation is a regression', () => {
    const before = base();
    const entry = before.entries.find((e) => e.id === id(2))!;
    const moved = withEntries(before, [
      sealEntry({ ...entry, revoked: { ...revoked, on: '2099-10-01T12:00:00+09:00' } }),
    ]);
    assert.match(
      ledgerRegressions(before, moved)[0]?.message ?? '',
      /revocation moved from 2026-01-01T00:00:00\+09:00 to 2099-10-01/,
    );
    const earlier = withEntries(before, [
      sealEntry({ ...entry, revoked: { ...revoked, on: '2025-12-01T00:00:00+09:00' } }),
    ]);
    assert.deepEqual(ledgerRegressions(before, earlier), []);
  });

  test('an erased award cannot come back under the same id', () => {
    const ledger = base();
    const erased = withEntries(ledger, [eraseEntry(ledger.entries.find((e) => e.id === id(1))!, NOW)]);
    const result = reconcileLedger(erased, [{ id: id(1), issuedOn: NOW, published: true }], NOW);
    assert.match(result.problems[0]?.message ?? '', /erased/);
  });
});

describe('ledger: hand edits are detected', () => {
  const ledger = sync(
    { entries: [] },
    new Map([
      [id(1), { id: id(1), issuedOn: NOW, published: true }],
      [id(2), { id: id(2), issuedOn: NOW, published: true, revoked: { on: NOW, reason: 'Withdrawn.' } }],
      [id(3), { id: id(3), issuedOn: NOW, published: true }],
    ]),
  );
  const text = serializeLedger(ledger);
  const lineOf = (award: string) => text.split('\n').find((l) => l.includes(award))!;

  test('an unchanged file has no problems', () => {
    assert.deepEqual(parseLedger(text).problems, []);
  });

  test('a removed revocation names the award', () => {
    const line = lineOf(id(2));
    const edited = text.replace(line, line.replace(/,"revoked":\{[^}]*\}/, ''));
    assert.notEqual(edited, text);
    const { problems } = parseLedger(edited);
    assert.ok(
      problems.some((p) => p.award === id(2) && /edited by hand/.test(p.message)),
      JSON.stringify(problems),
    );
  });

  test('a moved index names the award; a duplicated index names both', () => {
    const line = lineOf(id(1));
    const other = ledger.entries.find((e) => e.id === id(3))!.index;
    const moved = parseLedger(text.replace(line, line.replace(/"index":\d+/, `"index":${other}`))).problems;
    assert.ok(moved.some((p) => p.award === id(1) && /edited by hand/.test(p.message)));
    assert.ok(moved.some((p) => /index \d+ is also held by award/.test(p.message)));
  });

  test('a removed line is caught by the header', () => {
    const { problems } = parseLedger(text.replace(lineOf(id(3)) + '\n', ''));
    assert.ok(
      problems.some((p) => p.line === 1 && /added, removed or reordered/.test(p.message)),
      JSON.stringify(problems),
    );
  });
});
