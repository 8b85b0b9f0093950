import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ClaimSecretError, DEV_CLAIM_SECRET_FILE, loadClaimSecret } from '../../../scripts/lib/claim-secret.ts';

test('the claim secret: from the environment; production refuses without it; development makes one, with a warning', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'emblem-secret-'));
  try {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    assert.equal(
      loadClaimSecret({ env: { EMBLEM_CLAIM_SECRET: 'x'.repeat(40) }, projectRoot: root, warn }),
      'x'.repeat(40),
    );
    assert.throws(
      () => loadClaimSecret({ env: { EMBLEM_CLAIM_SECRET: 'short' }, projectRoot: root, warn }),
      /too short/,
    );
    assert.throws(
      () => loadClaimSecret({ env: { EMBLEM_MODE: 'production' }, projectRoot: root, warn }),
      (e: Error) => e instanceof ClaimSecretError && /EMBLEM_CLAIM_SECRET is not set/.test(e.message),
    );
    assert.deepEqual(warnings, []);
    const dev = loadClaimSecret({ env: {}, projectRoot: root, warn });
    assert.ok(dev.length >= 32);
    assert.equal(loadClaimSecret({ env: {}, projectRoot: root, warn }), dev, 'the same development secret next time');
    assert.equal(readFileSync(path.join(root, DEV_CLAIM_SECRET_FILE), 'utf8').trim(), dev);
    assert.equal(statSync(path.join(root, DEV_CLAIM_SECRET_FILE)).mode & 0o077, 0, 'readable by its owner only');
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /DEVELOPMENT CLAIM SECRET/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
