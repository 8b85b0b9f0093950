/**
 * The issuer's commands on a fixture change, without a build: plan --base
 * against git, erase of an unknown target, --help in either language and
 * usage errors of every lifecycle command.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import * as ledgerModule from '../../src/lib/lifecycle/ledger.ts';
import {
  command,
  committedFixture,
  copyFixture,
  editRecord,
  gitIn,
  id,
  lifecycleTempDir,
} from '../helpers/lifecycle.ts';

const tempDir = lifecycleTempDir();

describe('lifecycle: commands on a fixture change', () => {
  const git = gitIn;

  test('plan --base: Markdown of what the next publish changes; an un-revocation exits 2 unless --allow', () => {
    const { repo, content } = committedFixture(tempDir, 'plan-repo');
    const selection = command(
      'revoke',
      ['--badge', 'solutions-architect-expert', '--issued-before', '2026-03-01', '--reason', 'r'],
      content,
    );
    assert.equal(selection.status, 0, selection.output);
    assert.match(selection.output, /- 00000000-0000-4000-8000-000000000012 \(awards\/fixture-awards\.yaml\)/);
    assert.match(selection.output, /Dry run: 1 award/);
    const idsFile = path.join(tempDir, 'ids.txt');
    writeFileSync(idsFile, `# duplicates found in the audit\n${id(1)}\n\n`);
    assert.equal(
      command('revoke', ['--from-file', idsFile, '--reason', 'Duplicate record.', '--write'], content).status,
      0,
    );
    editRecord(content, id(3), (record) => record.replace('Priya Natarajan', 'Priya N.'));
    editRecord(content, id(2), (record) => record.replace(/(issuedOn: .*\n)/, '$1    visibility: private\n'));
    const plan = command('plan', ['--base', 'HEAD', '--max-share', '0.5'], content);
    assert.equal(plan.status, 0, plan.output);
    assert.match(plan.output, /## Publish plan \(against `HEAD`\)/);
    assert.match(plan.output, /### Revocations \(1\)\n\n- `00000000-0000-4000-8000-000000000001`: Duplicate record\./);
    assert.match(
      plan.output,
      /### No longer published \(the status slot and any revocation stay\) \(1\)\n\n- `00000000-0000-4000-8000-000000000002`: private/,
    );
    assert.match(plan.output, /- `00000000-0000-4000-8000-000000000003`: recipient\.name/);
    assert.ok(!plan.output.includes('Priya'), 'no names in the comment');
    assert.equal(
      command('plan', ['--base', 'HEAD'], content).status,
      2,
      'three of eight awards changing is more than 10%',
    );

    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'revoked');
    assert.equal(command('unrevoke', [id(4), '--reason', 'Appeal upheld.', '--write'], content).status, 0);
    const dangerous = command('plan', ['--base', 'HEAD'], content);
    assert.equal(dangerous.status, 2, dangerous.output);
    assert.match(dangerous.output, /### ⚠ Dangerous changes\n\n- 1 un-revocation/);
    assert.match(
      dangerous.output,
      /### Un-revocations \(1\)\n\n- `00000000-0000-4000-8000-000000000004`: Appeal upheld\./,
    );
    assert.equal(command('plan', ['--base', 'HEAD', '--allow'], content).status, 0);
  });

  test('a revocation moved later is an un-revocation: ledger --write refuses it, plan exits 2, unrevoke is the way', () => {
    const { content } = committedFixture(tempDir, 'moved-revocation');
    editRecord(content, id(4), (record) =>
      record.replace('on: "2025-10-01T12:00:00+09:00"', 'on: "2099-10-01T12:00:00+09:00"'),
    );
    const ledgerFile = path.join(content, 'ledger.jsonl');
    const before = readFileSync(ledgerFile, 'utf8');
    const write = command('ledger', ['--write'], content);
    assert.equal(write.status, 1, write.output);
    assert.match(write.output, /Moving a revocation later clears its status bit/);
    assert.equal(readFileSync(ledgerFile, 'utf8'), before, 'the ledger is not changed');
    for (const args of [['--base', 'HEAD'], []]) {
      const plan = command('plan', args, content);
      assert.equal(plan.status, 2, plan.output);
      assert.match(
        plan.output,
        /### ⚠ Dangerous changes\n\n- award 00000000-0000-4000-8000-000000000004: is revoked in the ledger from 2025-10-01/,
      );
    }
    // The same edit with the ledger rewritten by hand (digests recomputed, as an old development build did).
    const edited = readFileSync(ledgerFile, 'utf8').split('\n');
    const { parseLedger, sealEntry, serializeLedger } = ledgerModule;
    const { ledger } = parseLedger(edited.join('\n'));
    const moved = ledger.entries.map((e) =>
      e.id === id(4) ? sealEntry({ ...e, revoked: { on: '2099-10-01T12:00:00+09:00', reason: e.revoked!.reason } }) : e,
    );
    writeFileSync(ledgerFile, serializeLedger({ ...ledger, entries: moved }));
    const plan = command('plan', [], content);
    assert.equal(plan.status, 2, plan.output);
    assert.match(
      plan.output,
      /had its revocation moved from 2025-10-01T12:00:00\+09:00 to 2099-10-01T12:00:00\+09:00 without a recorded un-revocation/,
    );
  });

  test('plan --base HEAD works when the content folder is the repository itself', () => {
    const content = copyFixture(tempDir, 'content-is-repo');
    gitIn(content, 'init', '-q');
    gitIn(content, 'add', '-A');
    gitIn(content, 'commit', '-qm', 'published');
    const plan = command('plan', ['--base', 'HEAD'], content);
    assert.equal(plan.status, 0, plan.output);
    assert.match(plan.output, /0 new · 0 revoked/);
  });

  test('erase: an unknown id or email changes nothing and exits 1; --help answers in either language', () => {
    const content = copyFixture(tempDir, 'erase-unknown');
    const before = [
      readFileSync(path.join(content, 'ledger.jsonl'), 'utf8'),
      readFileSync(path.join(content, 'awards/fixture-awards.yaml'), 'utf8'),
    ];
    for (const target of ['00000000-0000-4000-8000-000000000999', 'nobody@mail.example.com']) {
      const result = command('erase', [target, '--write'], content);
      assert.equal(result.status, 1, result.output);
      assert.match(result.output, /nothing changed/);
    }
    assert.deepEqual(
      [
        readFileSync(path.join(content, 'ledger.jsonl'), 'utf8'),
        readFileSync(path.join(content, 'awards/fixture-awards.yaml'), 'utf8'),
      ],
      before,
    );
    for (const name of ['ledger', 'revoke', 'unrevoke', 'erase', 'plan']) {
      const en = command(name, ['--help'], content);
      assert.equal(en.status, 0);
      assert.match(en.output, new RegExp(`^usage: npm run ${name}`));
      assert.match(command(name, ['--help', '--lang', 'ko'], content).output, new RegExp(`^사용법: npm run ${name}`));
      assert.equal(command(name, ['--no-such-option'], content).status, 2);
    }
  });
});
