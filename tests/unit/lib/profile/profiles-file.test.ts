import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { editProfilesFile, newProfileId } from '../../../../src/lib/profile/profiles-file.ts';
import { profileIdSchema } from '../../../../src/lib/content/schema.ts';

const FILE = `# Kept by the support desk.
profiles:
  # Asked on 2025-03-20 by email.
  - id: k7wq2mzc9rtx4hna
    email: minji@example.com   # the award's address
    since: "2025-03-20"
`;

const ok = (result: { text: string } | { error: string }) => {
  assert.ok('text' in result, 'error' in result ? result.error : '');
  return result.text;
};

test('adding a profile keeps the comments and layout of what is there', () => {
  const text = ok(
    editProfilesFile(FILE, {
      kind: 'add',
      id: 'p3fz8ydk2vqm6bse',
      email: 'alex@example.com',
      indexed: false,
      since: '2026-12-08',
    }),
  );
  assert.equal(text, `${FILE}  - id: p3fz8ydk2vqm6bse\n    email: alex@example.com\n    since: "2026-12-08"\n`);
  assert.deepEqual(parse(text).profiles[1], { id: 'p3fz8ydk2vqm6bse', email: 'alex@example.com', since: '2026-12-08' });
});

test('the first profile makes the file, explained', () => {
  const text = ok(
    editProfilesFile(undefined, {
      kind: 'add',
      id: 'p3fz8ydk2vqm6bse',
      email: 'a@b.org',
      indexed: true,
      since: '2026-12-08',
    }),
  );
  assert.match(text, /^# Earners who chose/);
  assert.deepEqual(parse(text), {
    profiles: [{ id: 'p3fz8ydk2vqm6bse', email: 'a@b.org', indexed: true, since: '2026-12-08' }],
  });
});

test('index, unindex and remove find the profile by id or by email, in any case', () => {
  const listed = ok(editProfilesFile(FILE, { kind: 'index', target: 'MINJI@example.com', indexed: true }));
  assert.equal(listed, `${FILE}    indexed: true\n`);
  assert.equal(
    ok(editProfilesFile(listed, { kind: 'index', target: 'k7wq2mzc9rtx4hna', indexed: false })),
    `${FILE}    indexed: false\n`,
  );
  const two = ok(
    editProfilesFile(listed, {
      kind: 'add',
      id: 'p3fz8ydk2vqm6bse',
      email: 'alex@example.com',
      indexed: false,
      since: '2026-12-08',
    }),
  );
  const removed = ok(editProfilesFile(two, { kind: 'remove', target: 'k7wq2mzc9rtx4hna' }));
  assert.deepEqual(parse(removed).profiles, [
    { id: 'p3fz8ydk2vqm6bse', email: 'alex@example.com', since: '2026-12-08' },
  ]);
  assert.match(
    removed,
    /^# Kept by the support desk\.\nprofiles:\n {2}# Asked on 2025-03-20 by email\.\n {2}- id: p3fz/,
  );
});

test('an edit that cannot be made says why and changes nothing', () => {
  const twice = {
    kind: 'add',
    id: 'zzzzzzzzzzzzzzzz',
    email: 'Minji@Example.com',
    indexed: false,
    since: '2026-12-08',
  } as const;
  assert.deepEqual(editProfilesFile(FILE, twice), { error: 'Minji@Example.com already has a profile' });
  assert.deepEqual(editProfilesFile(FILE, { kind: 'remove', target: 'nobody' }), {
    error: 'no profile has the id or email nobody',
  });
  assert.match((editProfilesFile('profiles: [\n', twice) as { error: string }).error, /cannot be parsed/);
});

test('new profile ids are valid, random and differ', () => {
  const ids = new Set(Array.from({ length: 200 }, newProfileId));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.ok(profileIdSchema.safeParse(id).success, id);
});
