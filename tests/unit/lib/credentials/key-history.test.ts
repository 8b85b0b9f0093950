/**
 * The key history (content/keys.yaml): what it accepts, rotation and
 * compromise, the DID document made from it, the production build's refusal
 * to sign with anything but the active key, and `npm run keys`.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  activeKey,
  historyDidDocument,
  keyHistoryDocument,
  keyHistoryYaml,
  markCompromised,
  parseKeyHistory,
  rotateKeys,
} from '../../../../src/lib/credentials/key-history.ts';
import { generateSigningKey } from '../../../../src/lib/credentials/keys.ts';
import { buildCacheSeal, loadSigningKey } from '../../../../src/steps/credentials/signing-key.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

const [A, B, C] = await Promise.all([generateSigningKey(), generateSigningKey(), generateSigningKey()]);
const did = 'did:web:badges.example.org';
const FILE = 'content/keys.yaml';

describe('key history file', () => {
  test('reads keys with their windows; a bare date is its midnight UTC', () => {
    const history = parseKeyHistory(
      `keys:\n  - publicKeyMultibase: ${A.publicKeyMultibase}\n    validFrom: 2024-01-01\n    retiredOn: 2025-06-01T09:00:00+09:00\n  - publicKeyMultibase: ${B.publicKeyMultibase}\n    validFrom: 2025-06-01T00:00:00Z\n`,
      FILE,
    );
    assert.deepEqual(history.keys, [
      {
        publicKeyMultibase: A.publicKeyMultibase,
        validFrom: '2024-01-01T00:00:00Z',
        retiredOn: '2025-06-01T00:00:00Z',
      },
      { publicKeyMultibase: B.publicKeyMultibase, validFrom: '2025-06-01T00:00:00Z' },
    ]);
    assert.equal(activeKey(history)?.publicKeyMultibase, B.publicKeyMultibase);
    assert.deepEqual(parseKeyHistory(keyHistoryYaml(history), FILE), history, 'written and read back unchanged');
  });

  test('errors name the file, the key and the field in one sentence', () => {
    const cases: [string, RegExp][] = [
      [
        `keys:\n  - publicKeyMultibase: zNotAKey\n    validFrom: 2024-01-01\n`,
        /keys\.yaml: key 1 \(zNotAKey\), field publicKeyMultibase: is not an Ed25519/,
      ],
      [
        `keys:\n  - publicKeyMultibase: ${A.publicKeyMultibase}\n    validFrom: soon\n`,
        /key 1 \(z6Mk\w+\), field validFrom: is not a date/,
      ],
      [
        `keys:\n  - publicKeyMultibase: ${A.publicKeyMultibase}\n    validFrom: 2024-01-01\n    secretKeyMultibase: zrv\n`,
        /key 1 \(z6Mk\w+\), field secretKeyMultibase: a private key must never be in this file/,
      ],
      [
        `keys:\n  - publicKeyMultibase: ${A.publicKeyMultibase}\n    validFrom: 2025-01-01\n    retiredOn: 2024-01-01\n`,
        /key 1 \(z6Mk\w+\), field retiredOn: 2024-01-01T00:00:00Z is before its validFrom/,
      ],
      [
        `keys:\n  - publicKeyMultibase: ${A.publicKeyMultibase}\n    validFrom: 2024-01-01\n  - publicKeyMultibase: ${B.publicKeyMultibase}\n    validFrom: 2025-01-01\n`,
        /key 2 \(z6Mk\w+\), field retiredOn: only one key may be active/,
      ],
    ];
    for (const [text, message] of cases) assert.throws(() => parseKeyHistory(text, FILE), message, text);
  });

  test('rotation retires the active key at the date and starts the new one then', () => {
    const start = { keys: [{ publicKeyMultibase: A.publicKeyMultibase, validFrom: '2024-01-01T00:00:00Z' }] };
    const rotated = rotateKeys(start, B.publicKeyMultibase, new Date('2025-06-01T00:00:00Z'));
    assert.deepEqual(rotated.keys, [
      {
        publicKeyMultibase: A.publicKeyMultibase,
        validFrom: '2024-01-01T00:00:00Z',
        retiredOn: '2025-06-01T00:00:00Z',
      },
      { publicKeyMultibase: B.publicKeyMultibase, validFrom: '2025-06-01T00:00:00Z' },
    ]);
    assert.throws(() => rotateKeys(rotated, A.publicKeyMultibase, new Date()), /already in the key history/);
  });

  test('a compromise date never moves later', () => {
    const start = { keys: [{ publicKeyMultibase: A.publicKeyMultibase, validFrom: '2024-01-01T00:00:00Z' }] };
    const once = markCompromised(start, A.publicKeyMultibase, new Date('2025-03-01T00:00:00Z'));
    assert.equal(once.keys[0]!.compromisedFrom, '2025-03-01T00:00:00Z');
    assert.equal(activeKey(once), undefined, 'a compromised key is not active');
    const later = markCompromised(once, A.publicKeyMultibase, new Date('2025-05-01T00:00:00Z'));
    assert.equal(later.keys[0]!.compromisedFrom, '2025-03-01T00:00:00Z');
    assert.throws(() => markCompromised(start, B.publicKeyMultibase, new Date()), /not in the key history/);
  });
});

describe('DID document from the key history', () => {
  const history = {
    keys: [
      {
        publicKeyMultibase: A.publicKeyMultibase,
        validFrom: '2024-01-01T00:00:00Z',
        retiredOn: '2025-01-01T00:00:00Z',
      },
      {
        publicKeyMultibase: C.publicKeyMultibase,
        validFrom: '2025-01-01T00:00:00Z',
        retiredOn: '2025-06-01T00:00:00Z',
        compromisedFrom: '2025-05-01T00:00:00Z',
      },
      { publicKeyMultibase: B.publicKeyMultibase, validFrom: '2025-06-01T00:00:00Z' },
    ],
  };
  const doc = historyDidDocument(did, B.publicKeyMultibase, history) as {
    verificationMethod: { id: string; revoked?: string }[];
    assertionMethod: string[];
    authentication: string[];
  };
  const id = (k: { publicKeyMultibase: string }) => `${did}#${k.publicKeyMultibase}`;

  test('the signing key first, retired keys still for assertions', () => {
    assert.deepEqual(doc.assertionMethod, [id(B), id(A)]);
    assert.deepEqual(doc.authentication, [id(B)]);
  });

  test('a compromised key is listed with revoked (CID 1.0) and for no purpose', () => {
    const method = doc.verificationMethod.find((m) => m.id === id(C));
    assert.equal(method?.revoked, '2025-05-01T00:00:00Z');
    assert.ok(!doc.assertionMethod.includes(id(C)));
    assert.equal(doc.verificationMethod.filter((m) => m.revoked).length, 1);
  });

  test('EMBLEM_PREVIOUS_KEYS still adds keys, but never brings back a compromised one', () => {
    const D = 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    const withPrevious = historyDidDocument(did, B.publicKeyMultibase, history, [D, C.publicKeyMultibase]) as {
      assertionMethod: string[];
    };
    assert.deepEqual(withPrevious.assertionMethod, [id(B), id(A), `${did}#${D}`]);
  });

  test('the published key history names each verification method', () => {
    const published = keyHistoryDocument(did, history);
    assert.equal(published.id, did);
    assert.deepEqual(
      published.keys.map((k) => k.id),
      [id(A), id(C), id(B)],
    );
  });
});

describe('the build signs only with the active key', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'emblem-key-history-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const history = {
    keys: [
      {
        publicKeyMultibase: A.publicKeyMultibase,
        validFrom: '2024-01-01T00:00:00Z',
        retiredOn: '2025-01-01T00:00:00Z',
      },
      { publicKeyMultibase: B.publicKeyMultibase, validFrom: '2025-01-01T00:00:00Z' },
    ],
  };
  writeFileSync(path.join(root, 'keys.yaml'), keyHistoryYaml(history));
  const load = (mode: 'production' | 'development', key: object) =>
    loadSigningKey({
      mode,
      env: { EMBLEM_SIGNING_KEY: JSON.stringify(key), EMBLEM_CONTENT_DIR: root },
      projectRoot: root,
      warn: () => {},
    });

  test('production: the active key signs, with the history loaded', async () => {
    const loaded = await load('production', B);
    assert.deepEqual(loaded.history, history);
  });

  test('production refuses a retired key and a key the history does not list', async () => {
    await assert.rejects(
      load('production', A),
      /keys\.yaml: the signing key z6Mk\w+ was retired on 2025-01-01T00:00:00Z; the active key is/,
    );
    await assert.rejects(
      load('production', C),
      /keys\.yaml: the signing key z6Mk\w+ is not in the key history .*npm run keys -- rotate/,
    );
  });

  test('EMBLEM_CACHE_KEY seals the cache across a rotation; without it a new key voids the cache', async () => {
    const seal = (key: object, cacheKey?: string) =>
      buildCacheSeal(
        { mode: 'development', log: () => {} },
        {
          EMBLEM_SIGNING_KEY: JSON.stringify(key),
          EMBLEM_CONTENT_DIR: root,
          ...(cacheKey ? { EMBLEM_CACHE_KEY: cacheKey } : {}),
        },
      );
    const saved = { ...process.env };
    try {
      // buildSigningKey reads the process's settings: one build per environment.
      process.env.EMBLEM_CONTENT_DIR = root;
      process.env.EMBLEM_SIGNING_KEY = JSON.stringify(A);
      const withA = await seal(A);
      process.env.EMBLEM_SIGNING_KEY = JSON.stringify(B);
      const withB = await seal(B);
      assert.notEqual(withA, withB);
      assert.equal(await seal(A, 'cache secret'), await seal(B, 'cache secret'));
    } finally {
      process.env = saved;
    }
  });

  test('development signs with its own key (did.json lists it first, then the history)', async () => {
    const loaded = await load('development', C);
    assert.equal(loaded.key.publicKeyMultibase, C.publicKeyMultibase);
  });
});

describe('npm run keys', () => {
  const content = mkdtempSync(path.join(tmpdir(), 'emblem-keys-cli-'));
  after(() => rmSync(content, { recursive: true, force: true }));
  const keys = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/keys.ts', ...args, '--content', content, '--lang', 'en'], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
  const file = path.join(content, 'keys.yaml');

  test('rotate (first the key in use so far), then mark it compromised; dry run by default', () => {
    const rotate = [
      'rotate',
      '--key',
      B.publicKeyMultibase,
      '--current',
      A.publicKeyMultibase,
      '--since',
      '2024-01-01',
      '--on',
      '2025-06-01',
    ];
    const dry = keys(...rotate);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /Dry run/);
    assert.throws(() => readFileSync(file), /ENOENT/);

    const rotated = keys(...rotate, '--write');
    assert.equal(rotated.status, 0, rotated.stderr);
    assert.match(rotated.stdout, /EMBLEM_PREVIOUS_LOG_KEYS/);
    assert.deepEqual(parseKeyHistory(readFileSync(file, 'utf8'), file).keys, [
      {
        publicKeyMultibase: A.publicKeyMultibase,
        validFrom: '2024-01-01T00:00:00Z',
        retiredOn: '2025-06-01T00:00:00Z',
      },
      { publicKeyMultibase: B.publicKeyMultibase, validFrom: '2025-06-01T00:00:00Z' },
    ]);

    const marked = keys('compromised', A.publicKeyMultibase, '--from', '2025-03-01', '--write');
    assert.equal(marked.status, 0, marked.stderr);
    assert.equal(parseKeyHistory(readFileSync(file, 'utf8'), file).keys[0]!.compromisedFrom, '2025-03-01T00:00:00Z');

    const unknown = keys('compromised', C.publicKeyMultibase, '--from', '2025-03-01', '--write');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /keys\.yaml: z6Mk\w+ is not in the key history; nothing changed/);

    const listed = execFileSync(process.execPath, ['scripts/keys.ts', 'list', '--content', content], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    assert.match(listed, /compromised from 2025-03-01T00:00:00Z[\s\S]*active/);
  });
});
