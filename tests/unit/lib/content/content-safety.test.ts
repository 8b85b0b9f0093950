/**
 * Content that would silently change what is published: each case must stop
 * the build with file › record › field (or be withheld and reported).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { svgArtworkProblems } from '../../../../src/lib/content/artwork-check.ts';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import {
  ContentError,
  guessableIdReason,
  validateContent,
  type ContentIssue,
  type PublicFiles,
  type RawContent,
} from '../../../../src/lib/content/content-model.ts';
import { buildSiteModel, withheldReport } from '../../../../src/lib/site-model.ts';
import { unsafeTextReason } from '../../../../src/lib/content/text-safety.ts';
import { set, validRawContent } from '../../../helpers/raw-content.ts';
import { fixtureContent, projectRoot } from '../../../helpers/site-build.ts';

const AWARDS = 'content/awards/batch.yaml';
const AWARD_1 = 'award 11111111-1111-4111-8111-111111111111';

function issuesOf(load: () => unknown): ContentIssue[] {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ContentError, `expected ContentError, got ${error}`);
    return error.issues;
  }
  assert.fail('content was accepted but should have been refused');
}

function expectOne(issues: ContentIssue[], expected: Partial<Omit<ContentIssue, 'message'>> & { message: RegExp }) {
  assert.equal(issues.length, 1, `expected one issue, got:\n${issues.map((i) => JSON.stringify(i)).join('\n')}`);
  const [issue] = issues;
  for (const key of ['file', 'record', 'field'] as const)
    if (expected[key] !== undefined) assert.equal(issue![key], expected[key], key);
  assert.match(issue!.message, expected.message);
}

const rawIssues = (raw: RawContent, publicFiles?: PublicFiles) => issuesOf(() => validateContent(raw, { publicFiles }));

const temp = mkdtempSync(path.join(tmpdir(), 'emblem-content-safety-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let copies = 0;
/** A copy of the fixture content to break in one place. */
function fixtureCopy(): string {
  const dir = path.join(temp, `content-${++copies}`);
  cpSync(fixtureContent, dir, { recursive: true });
  return dir;
}
const load = (dir: string, publicDir = path.join(projectRoot, 'public')) =>
  issuesOf(() => loadContent(dir, temp, publicDir));

const AWARD_JSON = (id: string) => `{
  "id": "${id}",
  "recipient": { "name": "Kim", "email": "kim@mail.example.com" },
  "badge": "cloud-fundamentals",
  "visibility": "private",
  "issuedOn": "2025-03-01T09:00:00+09:00",
  "visibility": "public"
}
`;

describe('JSON files', () => {
  test('duplicate keys are refused, naming the key and both lines', () => {
    const dir = fixtureCopy();
    writeFileSync(path.join(dir, 'awards/dup.json'), AWARD_JSON(randomUUID()));
    expectOne(load(dir), {
      file: path.relative(temp, path.join(dir, 'awards/dup.json')),
      field: 'visibility',
      message: /duplicate key "visibility" \(lines 5 and 7\)/,
    });
  });

  test('duplicate keys inside a batch list name the record position', () => {
    const dir = fixtureCopy();
    writeFileSync(path.join(dir, 'awards/batch.json'), `{ "awards": [\n${AWARD_JSON(randomUUID())}] }`);
    expectOne(load(dir), { field: 'awards.0.visibility', message: /duplicate key "visibility"/ });
  });

  test('a "__proto__" key is an unknown field, not a way to set fields', () => {
    const raw = validRawContent();
    raw.awards[0]!.data = JSON.parse(
      '{"id":"11111111-1111-4111-8111-111111111111","recipient":{"name":"K","email":"k@mail.example.com"},"badge":"cert-a","issuedOn":"2025-03-01T09:00:00Z","__proto__":{"visibility":"private"}}',
    );
    expectOne(rawIssues(raw), { record: AWARD_1, field: '', message: /unknown field\(s\) "__proto__"/ });
  });

  test('a UTF-8 byte order mark is accepted', () => {
    const dir = fixtureCopy();
    const id = randomUUID();
    writeFileSync(
      path.join(dir, 'awards/bom.json'),
      `\uFEFF${AWARD_JSON(id).replace(/\s*"visibility": "private",/, '')}`,
    );
    const content = loadContent(dir, temp);
    assert.ok(content.awards.some((a) => a.id === id));
  });
});

describe('nesting', () => {
  const label = (dir: string, file: string) => path.relative(temp, path.join(dir, file));

  test('a YAML alias inside its own anchor is refused as nested too deep, naming the file and the record', () => {
    const dir = fixtureCopy();
    const id = randomUUID();
    writeFileSync(
      path.join(dir, 'awards/cycle.yaml'),
      `- id: ${id}\n  recipient: { name: Kim, email: kim@mail.example.com }\n  badge: cloud-fundamentals\n  issuedOn: "2025-03-01T09:00:00+09:00"\n  evidence: &a [*a]\n`,
    );
    expectOne(load(dir), { file: label(dir, 'awards/cycle.yaml'), record: `award ${id}`, message: /nested too deep/ });
  });

  test('JSON nested 200,000 levels deep is refused as nested too deep, not a stack overflow', () => {
    const dir = fixtureCopy();
    writeFileSync(path.join(dir, 'awards/deep.json'), `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expectOne(load(dir), { file: label(dir, 'awards/deep.json'), record: 'award #1', message: /nested too deep/ });
  });

  test('YAML nested 200,000 levels deep is refused as nested too deep', () => {
    const dir = fixtureCopy();
    writeFileSync(path.join(dir, 'certifications/deep.yaml'), `x: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    expectOne(load(dir), { file: label(dir, 'certifications/deep.yaml'), message: /nested too deep/ });
  });

  test('issuer.yaml and program-rules.yaml go through the same check', () => {
    const dir = fixtureCopy();
    writeFileSync(
      path.join(dir, 'issuer.yaml'),
      `${readFileSync(path.join(dir, 'issuer.yaml'), 'utf8')}\nextra: &a { b: *a }\n`,
    );
    writeFileSync(path.join(dir, 'program-rules.yaml'), `exclusions: ${'['.repeat(100)}${']'.repeat(100)}\n`);
    const issues = load(dir);
    assert.deepEqual(
      issues.map((i) => [i.file, i.record]),
      [
        [label(dir, 'issuer.yaml'), 'issuer'],
        [label(dir, 'program-rules.yaml'), 'program rules'],
      ],
    );
    for (const issue of issues) assert.match(issue.message, /nested too deep/);
  });
});

describe('award ids', () => {
  test('ids that differ only in letter case are refused', () => {
    const raw = validRawContent();
    const copy = structuredClone(raw.awards[1]!.data) as Record<string, unknown>;
    const id = randomUUID();
    set(raw.awards[1]!.data, 'id', id);
    copy.id = id.toUpperCase();
    raw.awards.push({ file: 'content/awards/other.json', index: 0, data: copy });
    expectOne(rawIssues(raw), {
      file: 'content/awards/other.json',
      record: `award ${id.toUpperCase()}`,
      field: 'id',
      message: new RegExp(`differs only in letter case from ${id}`),
    });
  });

  for (const [what, id] of [
    ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
    ['the max UUID', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    ['a version 1 UUID', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
    ['a version 7 UUID', '01932c07-209c-7a3b-8f2c-3c9a6e1f0b42'],
  ] as const) {
    test(`${what} is refused as not random`, () => {
      const raw = validRawContent();
      set(raw.awards[0]!.data, 'id', id);
      expectOne(rawIssues(raw), { record: `award ${id}`, field: 'id', message: /must be a random UUID \(version 4/ });
    });
  }

  test('a version 5 UUID (what npm run import derives under the issuer namespace) is accepted', () => {
    const raw = validRawContent();
    const id = '2ed6657d-e927-568b-95e1-2665a8aea6a2';
    set(raw.awards[0]!.data, 'id', id);
    const content = validateContent(raw);
    assert.ok(content.awards.some((a) => a.id === id));
  });

  for (const id of [
    '00000000-0000-4000-8000-000000000001',
    '11111111-1111-4111-8111-111111111111',
    '01234567-89ab-4def-8123-456789abcdef',
    '9f3a0000-0000-4000-8000-00000000c0de',
  ]) {
    test(`a patterned v4 id is refused as guessable: ${id}`, () => {
      const raw = validRawContent();
      set(raw.rules!.data, 'allowGuessableAwardIds', undefined);
      set(raw.awards[0]!.data, 'id', id);
      set(raw.awards[1]!.data, 'id', randomUUID());
      expectOne(rawIssues(raw), { record: `award ${id}`, field: 'id', message: /is guessable .* use a random UUID/ });
    });
  }

  test('random v4 ids are never taken for guessable ones', () => {
    for (let i = 0; i < 20_000; i++) {
      const id = randomUUID();
      assert.equal(guessableIdReason(id), undefined, id);
    }
  });

  test('test fixtures may opt out, and every build report says so loudly', () => {
    const content = loadContent(fixtureContent);
    assert.ok(content.rules.allowGuessableAwardIds);
    const report = withheldReport(buildSiteModel(content, new Date('2026-11-26T00:00:00Z')));
    assert.match(report.split('\n')[0]!, /^WARNING: .*allowGuessableAwardIds/);
  });

  test('the synthetic content generator (npm run generate) makes ids that pass without the opt-out', () => {
    const out = path.join(temp, 'generated');
    const run = spawnSync(process.execPath, ['scripts/generate-awards.ts', '--count', '2000', '--out', out], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const content = loadContent(out, temp);
    assert.ok(!content.rules.allowGuessableAwardIds);
    assert.equal(content.awards.length, 2000);
  });
});

describe('program rules', () => {
  test('an exclusion code that matches nothing stops the build and suggests the near one', () => {
    const raw = validRawContent();
    set(raw.rules!.data, 'exclusions', [{ codes: ['74-343', 'X-1OO'], reason: { ko: '제외', en: 'Excluded' } }]);
    expectOne(rawIssues(raw), {
      file: 'content/program-rules.yaml',
      record: 'program rules',
      field: 'exclusions.0.codes.1',
      message: /"X-1OO" matches no code in the catalog, so it excludes nothing \(did you mean "X-100"\?\)/,
    });
  });

  test('ids and series that match nothing are refused too; no suggestion when nothing is near', () => {
    const raw = validRawContent();
    set(raw.rules!.data, 'exclusions', [
      { ids: ['x-1000'], series: ['MOS 2010'], reason: { ko: '제외', en: 'Excluded' } },
    ]);
    const issues = rawIssues(raw);
    assert.deepEqual(
      issues.map((i) => [i.field, i.message]),
      [
        [
          'exclusions.0.ids.0',
          '"x-1000" matches no catalog id in the catalog, so it excludes nothing (did you mean "x-100"?)',
        ],
        ['exclusions.0.series.0', '"MOS 2010" matches no series in the catalog, so it excludes nothing'],
      ],
    );
  });

  test('a code in the wrong letter case matches nothing, and the right spelling is suggested', () => {
    const raw = validRawContent();
    set(raw.rules!.data, 'exclusions', [{ codes: ['74-343', 'x-200'], reason: { ko: '제외', en: 'Excluded' } }]);
    expectOne(rawIssues(raw), { field: 'exclusions.0.codes.1', message: /did you mean "X-200"/ });
  });
});

describe('files in the data folders', () => {
  test('unknown extensions, links outside the content folder and dangling links are named; notes and drafts are left alone', () => {
    const dir = fixtureCopy();
    writeFileSync(path.join(dir, 'awards/x.yaml.txt'), 'id: nothing\n');
    writeFileSync(path.join(dir, 'certifications/extra.yml.bak'), 'id: nothing\n');
    const outside = path.join(temp, 'outside.yaml');
    writeFileSync(outside, `id: ${randomUUID()}\n`);
    symlinkSync(outside, path.join(dir, 'awards/linked-out.yaml'));
    symlinkSync(path.join(temp, 'missing.yaml'), path.join(dir, 'awards/dangling.yaml'));
    writeFileSync(path.join(dir, 'awards/README.md'), '# notes\n');
    writeFileSync(path.join(dir, 'awards/_draft.yaml'), 'not: [valid\n');
    writeFileSync(path.join(dir, 'awards/.hidden.yaml'), 'not: [valid\n');
    const issues = load(dir);
    const label = (f: string) => path.relative(temp, path.join(dir, f));
    assert.deepEqual(
      issues.map((i) => i.file).sort(),
      [
        label('awards/dangling.yaml'),
        label('awards/linked-out.yaml'),
        label('awards/x.yaml.txt'),
        label('certifications/extra.yml.bak'),
      ].sort(),
    );
    const by = (f: string) => issues.find((i) => i.file === label(f))!.message;
    assert.match(by('awards/x.yaml.txt'), /is not a \.yaml, \.yml or \.json file, so it would not be read/);
    assert.match(by('awards/linked-out.yaml'), /symbolic link to .*outside the content folder/);
    assert.match(by('awards/dangling.yaml'), /symbolic link to nothing/);
  });

  test('a second issuer or program-rules file next to the first is named, not ignored', () => {
    const dir = fixtureCopy();
    writeFileSync(path.join(dir, 'program-rules.json'), '{ "exclusions": [] }');
    expectOne(load(dir), {
      file: path.relative(temp, path.join(dir, 'program-rules.json')),
      message: /would not be read: .*program-rules\.yaml is read instead/,
    });
  });

  test('a link to a file inside the content folder is followed', () => {
    const dir = fixtureCopy();
    const id = randomUUID();
    mkdirSync(path.join(dir, 'shared'));
    writeFileSync(path.join(dir, 'shared/one.json'), AWARD_JSON(id).replace(/\s*"visibility": "private",/, ''));
    symlinkSync(path.join(dir, 'shared/one.json'), path.join(dir, 'awards/one.json'));
    assert.ok(loadContent(dir, temp).awards.some((a) => a.id === id));
  });
});

describe('issuedOn in the future', () => {
  test('is withheld until its date, and the build report says why', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'issuedOn', '2026-12-01T09:00:00+09:00');
    const content = validateContent(raw);
    const before = buildSiteModel(content, new Date('2026-11-26T00:00:00Z'));
    assert.deepEqual(
      before.withheld.map((w) => [w.id, w.reason]),
      [['11111111-1111-4111-8111-111111111111', 'not-yet-issued']],
    );
    assert.match(withheldReport(before), /1 × issued in the future \(issuedOn is after the build moment\)/);
    const onTheDay = buildSiteModel(content, new Date('2026-12-01T00:00:00Z'));
    assert.ok(onTheDay.publishedById.has('11111111-1111-4111-8111-111111111111'));
  });
});

describe('URLs', () => {
  for (const [url, message] of [
    ['https://issuer.example.org/evidence/a b', /contains a space, which is not allowed in a URL; percent-encode it/],
    ['https://issuer.example.org/a\tb', /contains the character \\t \(U\+0009\)/],
    ['https://issuer.example.org/<x>', /contains the character < \(U\+003C\)/],
    ['https:issuer.example.org', /absolute http\(s\) URL/],
    ['ftp://issuer.example.org/x', /absolute http\(s\) URL/],
  ] as const) {
    test(`evidence URL refused at the schema: ${JSON.stringify(url)}`, () => {
      const raw = validRawContent();
      set(raw.awards[0]!.data, 'evidence', [{ url }]);
      expectOne(rawIssues(raw), { file: AWARDS, record: AWARD_1, field: 'evidence.0.url', message });
    });
  }

  test('ordinary URLs still pass, including non-ASCII paths and queries', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'evidence', [
      { url: 'https://issuer.example.org/기록/1?q=a%20b&x=1#top' },
      { url: 'http://example.com' },
    ]);
    validateContent(raw);
  });
});

describe('artwork paths', () => {
  for (const image of [
    '/../../../../tmp/x.svg',
    '/images/../../x.svg',
    '/images/%2e%2e/%2E%2E/x.svg',
    '/images/%2fetc/x.png',
    '/images\\..\\x.svg',
    '/images/./x.svg',
    '/images//x.svg',
  ]) {
    test(`a path that could leave public/ is refused at the schema: ${image}`, () => {
      const raw = validRawContent();
      set(raw.badgeClasses[3]!.data, 'image', image);
      expectOne(rawIssues(raw), {
        file: 'content/certifications/legacy.yaml',
        record: 'certification old-343',
        field: 'image',
        message: /inside public|percent-encoded|backslash/,
      });
    });
  }

  test('site links keep working: a trailing slash, a query or a fragment', () => {
    const raw = validRawContent();
    for (const logo of ['/images/logo.svg', '/brand/', '/images/logo.svg?v=2', 'https://cdn.example.org/logo.svg']) {
      set(raw.issuer.data, 'logo', logo);
      validateContent(raw);
    }
  });

  test('the issuer logo path is held to the same rule', () => {
    const raw = validRawContent();
    set(raw.issuer.data, 'logo', '/images/../../../etc/passwd');
    expectOne(rawIssues(raw), {
      file: 'content/issuer.yaml',
      field: 'logo',
      message: /must be a plain path inside public\//,
    });
  });
});

describe('artwork files', () => {
  const files = (present: Record<string, string>): PublicFiles => ({
    exists: (p) => p in present,
    readText: (p) => present[p]!,
  });
  const SAFE =
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient><circle id="c" r="2"/></defs><rect width="10" height="10" fill="url(#g)" style="stroke: url(#g)"/><use href="#c"/><use xlink:href="#c"/><image href="data:image/png;base64,iVBORw0KGgo="/><title>Badge</title></svg>';
  const all = { '/images/badges/exam.svg': SAFE, '/images/badges/a.svg': SAFE, '/images/logo.svg': SAFE };

  test('a missing image names the catalog file, the record and the field', () => {
    const raw = validRawContent();
    set(raw.badgeClasses[0]!.data, 'image', '/images/badges/typo.svg');
    expectOne(rawIssues(raw, files(all)), {
      file: 'content/certifications/x-100.yaml',
      record: 'certification x-100',
      field: 'image',
      message: /file not found: public\/images\/badges\/typo\.svg does not exist/,
    });
  });

  test('a missing logo is named too; an absolute logo URL is not looked for', () => {
    const raw = validRawContent();
    set(raw.issuer.data, 'logo', '/images/nope.png');
    expectOne(rawIssues(raw, files(all)), {
      file: 'content/issuer.yaml',
      record: 'issuer',
      field: 'logo',
      message: /public\/images\/nope\.png does not exist/,
    });
    set(raw.issuer.data, 'logo', 'https://cdn.example.org/logo.png');
    validateContent(raw, { publicFiles: files(all) });
  });

  test('the project artwork and the fixture and sample content pass, read from the real public/', () => {
    loadContent(fixtureContent);
    loadContent(path.join(projectRoot, 'content'), projectRoot);
  });

  test('a missing image in a content folder is reported by loadContent', () => {
    const dir = fixtureCopy();
    const file = path.join(dir, 'certifications/nt-900.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('/images/badges/exam.svg', '/images/badges/typo.svg'));
    expectOne(load(dir), {
      file: path.relative(temp, file),
      record: 'certification nt-900',
      field: 'image',
      message: /public\/images\/badges\/typo\.svg does not exist/,
    });
  });

  test('safe SVG (internal references, gradients, embedded PNG) passes', () => {
    assert.deepEqual(svgArtworkProblems(SAFE), []);
  });

  for (const [what, svg, found] of [
    ['a script', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', /element <script>/],
    ['an event handler', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', /onload/],
    [
      'foreignObject',
      '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>',
      /foreignObject/,
    ],
    [
      'an external image',
      '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example.com/p.png"/></svg>',
      /external reference href="https:\/\/tracker/,
    ],
    [
      'a reference to another file',
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="other.svg#a"/></svg>',
      /other\.svg/,
    ],
    [
      'a javascript: link',
      '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
      /javascript:alert/,
    ],
    [
      'CSS @import',
      '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example.com/x.css);</style></svg>',
      /CSS @import in <style>/,
    ],
    [
      'an external CSS url()',
      '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(https://evil.example.com/p)"/></svg>',
      /external reference url\(https:\/\/evil/,
    ],
    [
      'an entity declaration',
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
      /DOCTYPE or ENTITY/,
    ],
  ] as const) {
    test(`SVG artwork with ${what} is refused, naming what was found`, () => {
      const raw = validRawContent();
      const issues = rawIssues(raw, files({ ...all, '/images/badges/a.svg': svg }));
      expectOne(issues, {
        file: 'content/certifications/cert.yaml',
        record: 'certification cert-a',
        field: 'image',
        message: found,
      });
      assert.match(issues[0]!.message, /SVG artwork public\/images\/badges\/a\.svg is not safe to publish as it is/);
    });
  }

  test('an unsafe SVG logo is refused as the issuer logo', () => {
    const raw = validRawContent();
    expectOne(
      rawIssues(
        raw,
        files({ ...all, '/images/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>' }),
      ),
      {
        file: 'content/issuer.yaml',
        record: 'issuer',
        field: 'logo',
        message: /element <script>/,
      },
    );
  });
});

describe('size limits', () => {
  test('a 5 MB narrative is refused with the limit stated', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'evidence', [{ narrative: 'x'.repeat(5_000_000) }]);
    expectOne(rawIssues(raw), {
      record: AWARD_1,
      field: 'evidence.0.narrative',
      message: /is too long: 5,000,000 characters \(the limit is 10,000\)/,
    });
  });

  test('names, descriptions, reasons, URLs and lists have limits too', () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'recipient.name', '김'.repeat(201));
    set(
      raw.awards[1]!.data,
      'evidence',
      Array.from({ length: 21 }, (_, i) => ({ url: `https://issuer.example.org/e/${i}` })),
    );
    set(raw.badgeClasses[0]!.data, 'description', { ko: '가'.repeat(5001), en: 'ok' });
    set(raw.badgeClasses[1]!.data, 'criteria', { url: `https://issuer.example.org/${'a'.repeat(2001)}` });
    set(
      raw.badgeClasses[2]!.data,
      'skills',
      Array.from({ length: 51 }, (_, i) => ({ ko: `기술 ${i}`, en: `Skill ${i}` })),
    );
    const issues = rawIssues(raw);
    const find = (field: string) => issues.find((i) => i.field === field)?.message;
    assert.match(find('recipient.name') ?? '', /is too long: 201 characters \(the limit is 200\)/);
    assert.match(find('evidence') ?? '', /has 21 evidence items \(the limit is 20\)/);
    assert.match(find('description.ko') ?? '', /is too long: 5,001 characters \(the limit is 5,000\)/);
    assert.match(find('criteria.url') ?? '', /the limit is 2,000/);
    assert.match(find('skills') ?? '', /has 51 skills \(the limit is 50\)/);
  });
});

describe('text that reads differently from what it is', () => {
  for (const [char, name] of [
    ['\u202E', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    ['\u202D', 'U+202D LEFT-TO-RIGHT OVERRIDE'],
    ['\u2067', 'U+2067 RIGHT-TO-LEFT ISOLATE'],
    ['\u200B', 'U+200B ZERO WIDTH SPACE'],
    ['\u2060', 'U+2060 WORD JOINER'],
    ['\uFEFF', 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
    ['\u0007', 'U+0007'],
  ] as const) {
    test(`a recipient name with ${name} is refused, naming the character and the field`, () => {
      const raw = validRawContent();
      set(raw.awards[0]!.data, 'recipient.name', `Kim ${char}evil`);
      expectOne(rawIssues(raw), {
        file: AWARDS,
        record: AWARD_1,
        field: 'recipient.name',
        message: new RegExp(`contains ${name.replace(/[()+]/g, '\\$&')}`),
      });
    });
  }

  test('catalog text, reasons and other fields are checked the same way', () => {
    const raw = validRawContent();
    set(raw.badgeClasses[3]!.data, 'name', { ko: '시험\u200B', en: 'Exam' });
    set(raw.rules!.data, 'exclusions.0.reason', { ko: '제외', en: 'Ex\u202Ecluded' });
    const issues = rawIssues(raw);
    assert.deepEqual(
      issues.map((i) => [i.file, i.record, i.field]),
      [
        ['content/program-rules.yaml', 'program rules', 'exclusions.0.reason.en'],
        ['content/certifications/legacy.yaml', 'certification old-343', 'name.ko'],
      ],
    );
  });

  test('Korean, Arabic, Persian, accents and emoji (with ZWJ sequences and flags) are kept, in NFC', () => {
    const names = [
      '김민지',
      'محمد علي',
      'می‌خواهم',
      'José Müller',
      '👩‍💻 Dev',
      '👨‍👩‍👧',
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scot',
      'Line one\nline two',
    ];
    for (const name of names) assert.equal(unsafeTextReason(name), undefined, name);
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'recipient.name', 'Jose\u0301 👩‍💻');
    const content = validateContent(raw);
    assert.equal(content.awards[0]!.recipient.name, 'José 👩‍💻');
    assert.equal(content.awards[0]!.recipient.name.length, 'José 👩‍💻'.length);
  });

  test('a zero width joiner outside an emoji sequence is refused', () => {
    assert.match(unsafeTextReason('li\u200Dve') ?? '', /U\+200D ZERO WIDTH JOINER/);
    assert.match(unsafeTextReason('ab\u200Ccd') ?? '', /U\+200C ZERO WIDTH NON-JOINER/);
  });
});

describe('URLs the schema accepts are URLs the credential libraries sign', async () => {
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const vc = await import('@digitalbazaar/vc');
  const { createDocumentLoader } = await import('../../../../src/lib/credentials/document-loader.ts');
  const { didDocument, generateSigningKey, keyPair } = await import('../../../../src/lib/credentials/keys.ts');
  const { ob3Credential } = await import('../../../../src/lib/credentials/ob3.ts');
  const { recipientIdentity } = await import('../../../../src/lib/credentials/identity.ts');
  const { statusEntry } = await import('../../../../src/lib/credentials/status-list.ts');
  const { siteUrls } = await import('../../../../src/lib/site-urls.ts');
  const key = await generateSigningKey();
  const did = 'did:web:badges.example.org';
  const documentLoader = createDocumentLoader({ resolveDid: async () => didDocument(did, key.publicKeyMultibase) });
  const sign = async (evidenceUrl: string) => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'evidence', [{ url: evidenceUrl }]);
    const content = validateContent(raw);
    const entry = buildSiteModel(content, new Date('2026-11-26T00:00:00Z')).publishedById.get(
      '11111111-1111-4111-8111-111111111111',
    )!;
    const identity = await recipientIdentity(entry.award.id, entry.award.recipient.email);
    const urls = siteUrls('https://badges.example.org/');
    const credential = ob3Credential({
      entry,
      issuer: content.issuer,
      identity,
      urls,
      did,
      credentialStatus: statusEntry('https://badges.example.org/status/revocation.json', 1),
    });
    const suite = new DataIntegrityProof({ signer: (await keyPair(key, did)).signer(), cryptosuite });
    return vc.issue({ credential, suite, documentLoader });
  };

  test('accepted evidence URLs (non-ASCII path, query, fragment, encoded space) sign', async () => {
    for (const url of [
      'https://issuer.example.org/기록/1?q=a%20b&x=1#top',
      'http://example.com',
      'https://issuer.example.org/a%20b',
    ]) {
      const signed = await sign(url);
      assert.ok(signed.proof, url);
    }
  });

  test('the evidence URL with a space the schema refuses is one signing would refuse', async () => {
    const raw = validRawContent();
    set(raw.awards[0]!.data, 'evidence', [{ url: 'https://issuer.example.org/a b' }]);
    assert.ok(rawIssues(raw).length === 1);
    // Bypassing the schema shows why: the libraries' safe mode stops at such an IRI.
    const content = validateContent(validRawContent());
    (content.awards[0]!.evidence as { url?: string }[]) = [{ url: 'https://issuer.example.org/a b' }];
    const entry = buildSiteModel(content, new Date('2026-11-26T00:00:00Z')).publishedById.get(
      '11111111-1111-4111-8111-111111111111',
    )!;
    const identity = await recipientIdentity(entry.award.id, entry.award.recipient.email);
    const credential = ob3Credential({
      entry,
      issuer: content.issuer,
      identity,
      urls: siteUrls('https://badges.example.org/'),
      did,
      credentialStatus: statusEntry('https://badges.example.org/status/revocation.json', 1),
    });
    const suite = new DataIntegrityProof({ signer: (await keyPair(key, did)).signer(), cryptosuite });
    await assert.rejects(vc.issue({ credential, suite, documentLoader }), /Safe mode validation error/);
  });
});
