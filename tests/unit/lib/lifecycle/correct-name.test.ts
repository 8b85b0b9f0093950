/**
 * Name corrections: the `rename` award edit keeps the file's layout (YAML flow
 * and block maps, quoting; JSON), and `npm run correct-name` edits the record
 * without printing any name (its output lands in CI logs).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { editAwardFile } from '../../../../src/lib/lifecycle/award-edits.ts';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import { command, copyFixture, id, lifecycleTempDir } from '../../../helpers/lifecycle.ts';

const rename = (name: string) => new Map([[id(1), { kind: 'rename' as const, name }]]);

describe('name correction', () => {
  test('a flow map keeps its style; only the name changes', () => {
    const text = `# batch\n- id: ${id(1)}\n  recipient: { name: 김민지, email: a@example.com } # kept\n  badge: b\n`;
    assert.equal(
      editAwardFile('a.yaml', text, rename('김민지 (Minji Kim)')).text,
      `# batch\n- id: ${id(1)}\n  recipient: { name: "김민지 (Minji Kim)", email: a@example.com } # kept\n  badge: b\n`,
    );
  });

  test("a block map and single quotes stay; a quote in the name is escaped the file's way", () => {
    const text = `awards:\n  - id: ${id(1)}\n    recipient:\n      name: 'Dana ONeil'\n      email: d@example.com\n`;
    const result = editAwardFile('a.yaml', text, rename("Dana O'Neil"));
    assert.equal(result.text, text.replace("'Dana ONeil'", "'Dana O''Neil'"));
    assert.ok(result.applied.has(id(1)));
  });

  test('JSON records are re-indented as found', () => {
    const text = `[\n  {\n    "id": "${id(1)}",\n    "recipient": { "name": "A", "email": "a@example.com" }\n  }\n]\n`;
    const after = JSON.parse(editAwardFile('a.json', text, rename('B')).text!);
    assert.equal(after[0].recipient.name, 'B');
  });

  test('npm run correct-name: dry run by default, then --write; the output names the award id, never a name', () => {
    const dir = copyFixture(lifecycleTempDir(), 'correct-name');
    const before = readFileSync(path.join(dir, 'awards/fixture-awards.yaml'), 'utf8');
    const dry = command('correct-name', [id(1), '--name', '김민지 Kim', '--lang', 'en'], dir);
    assert.equal(dry.status, 0, dry.output);
    assert.equal(readFileSync(path.join(dir, 'awards/fixture-awards.yaml'), 'utf8'), before);
    const write = command('correct-name', [id(1), '--name', '김민지 Kim', '--write', '--lang', 'en'], dir);
    assert.equal(write.status, 0, write.output);
    assert.match(write.output, new RegExp(`${id(1)} \\(awards/fixture-awards\\.yaml\\): recipient\\.name corrected`));
    assert.doesNotMatch(dry.output + write.output, /김민지/);
    assert.equal(loadContent(dir).awards.find((a) => a.id === id(1))!.recipient.name, '김민지 Kim');
  });
});
