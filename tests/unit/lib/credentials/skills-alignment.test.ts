/**
 * Skills (issue 29): the catalog names a skill as before ({ ko, en }) or with the framework
 * that defines it ({ name, framework, code, url }); the credentials carry the latter as
 * Open Badges alignments, and the award page links each skill to the catalog page that
 * teaches it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { awardView } from '../../../../src/lib/award-page/page-data.ts';
import { ContentError, validateContent } from '../../../../src/lib/content/content-model.ts';
import { ob2BadgeClass } from '../../../../src/lib/credentials/ob2.ts';
import { ob3Credential } from '../../../../src/lib/credentials/ob3.ts';
import { statusEntry } from '../../../../src/lib/credentials/status-list.ts';
import { fixtureAward, fixtureModel, fixtureUrls } from '../../../helpers/fixture-model.ts';
import { set, validRawContent } from '../../../helpers/raw-content.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

const model = fixtureModel();
// Award 2: Solutions Architect Expert, whose "Migration planning" names its framework (tests/fixtures/content).
const entry = fixtureAward(model, 2);
const MIGRATION = {
  targetName: '마이그레이션 계획',
  targetUrl: 'https://nuritech.example.org/skills/NSF-MIG-01',
  targetFramework: 'NuriTech Skills Framework',
  targetCode: 'NSF-MIG-01',
};

describe('skills with a framework', () => {
  test('the OB 3.0 achievement aligns them (and keeps every skill as a tag); the 1EdTech schema accepts it', () => {
    const credential = ob3Credential({
      entry: entry as unknown as Parameters<typeof ob3Credential>[0]['entry'],
      issuer: model.issuer,
      identity: { hash: `sha256$${'0'.repeat(64)}`, salt: 'salt' },
      urls: fixtureUrls,
      did: 'did:web:badges.example.org',
      credentialStatus: statusEntry('https://badges.example.org/status/revocation.json', 5),
    });
    const achievement = (credential.credentialSubject as { achievement: Record<string, unknown> }).achievement;
    assert.deepEqual(achievement.alignment, [{ type: ['Alignment'], ...MIGRATION }]);
    assert.ok((achievement.tag as string[]).includes('마이그레이션 계획'));
    const schema = JSON.parse(
      readFileSync(path.join(projectRoot, 'tests/fixtures/schemas/ob_v3p0_achievementcredential.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    // The schema asks for a proof; the signed credential's checks are in tests/build/credentials.test.ts.
    const signedShape = { ...credential, proof: [{ type: 'DataIntegrityProof', proofPurpose: 'assertionMethod' }] };
    assert.ok(validate(signedShape), JSON.stringify(validate.errors));
  });

  test('the OB 2.0 badge class aligns them too', () => {
    assert.deepEqual(ob2BadgeClass(entry.badgeClass, model.issuer, fixtureUrls).alignment, [MIGRATION]);
  });

  test('a skill that names a framework or code needs the url that defines it', () => {
    const raw = validRawContent();
    set(raw.badgeClasses[0]!.data, 'skills', [
      { ko: '클라우드', en: 'Cloud' },
      { name: { ko: '설계', en: 'Design' }, framework: 'ESCO', code: 'S1' },
    ]);
    try {
      validateContent(raw, {});
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof ContentError);
      assert.deepEqual(
        error.issues.filter((i) => i.field.startsWith('skills')).map((i) => [i.field, i.message]),
        [['skills.1.url', 'needs url (the page that defines the skill) when it names a framework or code']],
      );
    }
  });
});

describe('skills on the award page', () => {
  test('a skill links to the catalog page that teaches it (the required exam), else to its definition, else is text', () => {
    for (const locale of ['ko', 'en'] as const) {
      const skills = awardView(model, entry, fixtureUrls, locale).skills;
      const prefix = locale === 'en' ? '/en' : '';
      const byLabel = new Map(skills.map((s) => [s.label, s.href]));
      const [design, migration, solution] =
        locale === 'ko'
          ? ['아키텍처 설계', '마이그레이션 계획', '솔루션 설계']
          : ['Architecture design', 'Migration planning', 'Solution design'];
      assert.equal(byLabel.get(design), `${prefix}/certifications/nt-304/`, 'taught by the required exam NT-304');
      assert.equal(byLabel.get(migration), MIGRATION.targetUrl);
      assert.equal(byLabel.get(solution), undefined, 'taught nowhere else: plain text');
    }
  });
});
