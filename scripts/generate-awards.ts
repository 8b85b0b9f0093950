/**
 * npm run generate -- --count 10000 [--out .tmp/bench/content] [--seed 1]
 *
 * Writes a content folder with the sample issuer and catalog and N synthetic
 * awards in one batch file (as a records export would), spread over every
 * state: valid, expiring, expired, revoked, private, pending, retired
 * certification, and badges the program rules leave out.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'generate',
  usage: {
    en: `usage: npm run generate -- [--count 10000] [--out .tmp/bench/content] [--seed 1] [--source content] [--lang ko|en]

Writes a content folder (for benchmarks and tests) with the issuer and catalog of --source and N synthetic
awards in one batch file, spread over every state. The --out folder is replaced.
  --count N       how many awards (default 10000)
  --out DIR       the content folder to write (default .tmp/bench/content)
  --seed N        the same seed gives the same awards (default 1)
  --source DIR    where the issuer, rules and catalog come from (default content)
Exit: 0 written, 1 failure, 2 usage error.`,
    ko: `사용법: npm run generate -- [--count 10000] [--out .tmp/bench/content] [--seed 1] [--source content] [--lang ko|en]

벤치마크와 테스트용 콘텐츠 폴더를 씁니다: --source의 발급 기관과 카탈로그, 그리고 모든 상태에 걸친
합성 수여 N개를 묶음 파일 하나에 담습니다. --out 폴더는 통째로 바뀝니다.
  --count N       수여 수 (기본값 10000)
  --out DIR       쓸 콘텐츠 폴더 (기본값 .tmp/bench/content)
  --seed N        같은 시드는 같은 수여를 만듭니다 (기본값 1)
  --source DIR    발급 기관, 규칙, 카탈로그를 가져올 곳 (기본값 content)
종료 코드: 0 씀, 1 실패, 2 사용법 오류.`,
  },
  options: {
    count: { type: 'string', default: '10000' },
    out: { type: 'string', default: '.tmp/bench/content' },
    seed: { type: 'string', default: '1' },
    source: { type: 'string', default: 'content' },
  },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { loadContent } = await import('../src/lib/content/content-files.ts');
const { badgeDecisions } = await import('../src/lib/eligibility.ts');
const { values } = cli;
const count = cli.integer('--count', values.count!, 1);
const out = path.resolve(values.out!);
const source = path.resolve(values.source!);

// Small deterministic PRNG (mulberry32): the same seed gives the same content.
let state = cli.integer('--seed', values.seed!) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pickOne = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const uuid = () => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(random() * 4)).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

const sourceContent = loadContent(source);
const catalog = sourceContent.badgeClasses;
const decisions = badgeDecisions(catalog, sourceContent.rules);
// Most awards are for badges the program issues; a few are records the rules leave out.
const withBadge = catalog.filter((b) => decisions.get(b.id)!.hasBadge);
const withoutBadge = catalog.filter((b) => !decisions.get(b.id)!.hasBadge);
const families = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임'];
const givens = ['민준', '서연', '도윤', '하은', '시우', '지우', '예준', '수아', '주원', '지호'];
const first = ['Alex', 'Priya', 'Daniel', 'Sofia', 'Chen', 'Amara', 'Lukas', 'Maria', 'Noah', 'Aiko'];
const last = ['Morgan', 'Natarajan', 'Okafor', 'Rossi', 'Wei', 'Nwosu', 'Schneider', 'Garcia', 'Williams', 'Tanaka'];

const day = 86_400_000;
const now = Date.parse('2026-11-26T00:00:00Z');
const awards = Array.from({ length: count }, (_, i) => {
  const badge = random() < 0.97 || !withoutBadge.length ? pickOne(withBadge) : pickOne(withoutBadge);
  const korean = random() < 0.5;
  const name = korean ? pickOne(families) + pickOne(givens) : `${pickOne(first)} ${pickOne(last)}`;
  const retiredAt = badge.retiredOn ? Date.parse(badge.retiredOn) : now;
  const issued = retiredAt - Math.floor(random() * 1500) * day;
  const roll = random();
  const award: Record<string, unknown> = {
    id: uuid(),
    recipient: { name, email: `user${i}@mail.example.com` },
    badge: badge.id,
    issuedOn: new Date(issued).toISOString().replace('.000Z', 'Z'),
  };
  if (badge.kind === 'certification' && badge.level !== 'fundamentals')
    award.expires = new Date(issued + 730 * day).toISOString().replace('.000Z', 'Z');
  if (roll < 0.03)
    award.revoked = { on: new Date(issued + 30 * day).toISOString().replace('.000Z', 'Z'), reason: 'Issued in error.' };
  else if (roll < 0.06) award.visibility = 'private';
  else if (roll < 0.08) award.claim = 'pending';
  if (random() < 0.1)
    award.evidence = [{ url: `https://nuritech.example.org/transcripts/${i}`, narrative: 'Exam transcript.' }];
  return award;
});

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'awards'), { recursive: true });
for (const entry of ['issuer.yaml', 'program-rules.yaml', 'certifications'])
  cpSync(path.join(source, entry), path.join(out, entry), { recursive: true });
writeFileSync(path.join(out, 'awards', 'generated.json'), JSON.stringify({ awards }));
console.log(`Wrote ${count} awards to ${path.relative(process.cwd(), path.join(out, 'awards', 'generated.json'))}`);
