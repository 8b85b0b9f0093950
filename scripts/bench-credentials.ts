/**
 * node scripts/bench-credentials.ts [--awards N]
 *
 * Signing throughput of the credential step, without Astro: N synthetic
 * awards are turned into OB 3.0 credentials and signed (eddsa-rdfc-2022) with
 * an empty proof cache (cold: every credential signed), then again with the
 * filled cache (warm: what a rebuild of unchanged content costs). Also times
 * the status list and PNG baking. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Award } from '../src/lib/content/schema.ts';
import type { PublishedAward } from '../src/lib/site-model.ts';
import { parseCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'bench:credentials',
  usage: {
    en: `usage: npm run bench:credentials -- [--awards 1000] [--lang ko|en]

Signing throughput of the credential step without Astro: N synthetic awards as OB 3.0 credentials signed
(eddsa-rdfc-2022) with an empty proof cache, then with the filled one; also the status list and PNG baking.
  --awards N   synthetic awards (default 1000)
Exit: 0 measured, 1 failure, 2 usage error.`,
    ko: `사용법: npm run bench:credentials -- [--awards 1000] [--lang ko|en]

Astro 없이 자격증명 단계의 서명 처리량을 잽니다: 합성 수여 N개를 OB 3.0 자격증명으로 만들어 빈 증명 캐시로,
다시 채워진 캐시로 서명합니다(eddsa-rdfc-2022). 상태 목록과 PNG 베이킹도 잽니다.
  --awards N   합성 수여 수 (기본값 1000)
종료 코드: 0 측정함, 1 실패, 2 사용법 오류.`,
  },
  options: { awards: { type: 'string', default: '1000' } },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { default: sharp } = await import('sharp');
const { fileProofCache } = await import('../src/steps/credentials/credentials.ts');
const { bakePng, OB3_PNG_KEYWORD } = await import('../src/lib/credentials/baking.ts');
const { createDocumentLoader } = await import('../src/lib/credentials/document-loader.ts');
const { recipientIdentity } = await import('../src/lib/credentials/identity.ts');
const { didDocument, generateSigningKey, siteDid } = await import('../src/lib/credentials/keys.ts');
const { createCredentialSigner, ob3Credential } = await import('../src/lib/credentials/ob3.ts');
const { statusEntry, statusListCredential } = await import('../src/lib/credentials/status-list.ts');
const { ledgerMoment, reconcileLedger, emptyLedger } = await import('../src/lib/lifecycle/ledger.ts');
const { loadContent } = await import('../src/lib/content/content-files.ts');
const { siteUrls } = await import('../src/lib/site-urls.ts');
const { values } = cli;
const count = cli.integer('--awards', values.awards!, 1);

const urls = siteUrls('https://badges.example.org/');
// The sample content's issuer and one of its badge classes; the awards are synthetic.
const { issuer, badgeClasses } = loadContent('content');
const badgeClass = badgeClasses.find((b) => b.id === 'cloud-fundamentals')!;
const entries: PublishedAward<Award>[] = Array.from({ length: count }, (_, i) => ({
  award: {
    id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    recipient: { name: `수여자 ${i}`, email: `person${i}@mail.example.com` },
    badge: badgeClass.id,
    issuedOn: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
    evidence: [],
    visibility: 'public',
    claim: 'accepted',
  },
  badgeClass,
  state: { status: 'valid' },
}));

const key = await generateSigningKey();
const did = siteDid(urls);
const doc = didDocument(did, key.publicKeyMultibase);
const documentLoader = createDocumentLoader({ resolveDid: async () => doc });
const cacheDir = mkdtempSync(path.join(tmpdir(), 'emblem-bench-'));
const listUrl = urls.url('status/revocation.json');

let t = performance.now();
const snapshots = entries.map(({ award }) => ({ id: award.id, issuedOn: award.issuedOn, published: true }));
const { ledger } = reconcileLedger(emptyLedger(), snapshots, ledgerMoment(new Date()));
const indexes = new Map(ledger.entries.map((e) => [e.id, e.index]));
const assignMs = performance.now() - t;
t = performance.now();
await statusListCredential({ listUrl, issuer: did, revokedIndexes: [], validFrom: '2025-01-01T00:00:00Z' });
const listMs = performance.now() - t;

const unsigned = await Promise.all(
  entries.map(async (entry) => {
    const identity = await recipientIdentity(entry.award.id, entry.award.recipient.email);
    return ob3Credential({
      entry,
      issuer,
      identity,
      urls,
      did,
      credentialStatus: statusEntry(listUrl, indexes.get(entry.award.id)!),
    });
  }),
);

async function pass(label: string) {
  const signer = await createCredentialSigner({ key, did, documentLoader, cache: fileProofCache(cacheDir) });
  const started = performance.now();
  for (const credential of unsigned) await signer.sign(credential);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(28)} ${seconds.toFixed(2).padStart(7)} s  ${(count / seconds).toFixed(0).padStart(6)} credentials/s  (signed ${signer.stats.signed}, reused ${signer.stats.reused})`,
  );
  return seconds;
}

console.log(`${count} awards, one core, eddsa-rdfc-2022 (Node ${process.version})`);
console.log(`status indexes              ${(assignMs / 1000).toFixed(2).padStart(7)} s`);
console.log(`status list (2^20 bits)     ${(listMs / 1000).toFixed(2).padStart(7)} s`);
const cold = await pass('cold (empty proof cache)');
const warm = await pass('warm (proofs cached)');
console.log(`warm rebuild is ${(cold / warm).toFixed(0)}× faster`);

const png = await sharp({ create: { width: 512, height: 512, channels: 4, background: '#2f7de1' } })
  .png()
  .toBuffer();
const text = JSON.stringify({ ...unsigned[0], proof: { proofValue: 'z'.repeat(88) } });
t = performance.now();
for (let i = 0; i < count; i++) bakePng(png, OB3_PNG_KEYWORD, text);
console.log(
  `PNG baking                  ${((performance.now() - t) / 1000).toFixed(2).padStart(7)} s  ${(count / ((performance.now() - t) / 1000)).toFixed(0).padStart(6)} images/s`,
);
rmSync(cacheDir, { recursive: true, force: true });
