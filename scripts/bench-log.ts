/**
 * npm run bench:log -- [--count 100000]
 *
 * The public issuance log at scale (src/lib/transparency/): appends N issuance
 * entries (random award hashes and credential digests, as the build step
 * writes them), writes the log's files (hash tiles, entry bundles, signed
 * checkpoint, key) and proves the whole log extends the checkpoint of its
 * first 92%. Prints files, bytes, seconds and peak memory; asserts nothing.
 * The build step adds reading the credentials back and the index files.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { parseCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'bench:log',
  usage: {
    en: `usage: npm run bench:log -- [--count 100000] [--lang ko|en]

The public issuance log at scale: appends N issuance entries, writes the log's files (tiles, entry bundles,
signed checkpoint) and checks a consistency proof from 92% of the log to all of it. Prints files, bytes,
seconds and peak memory.
  --count N   entries (default 100000)
Exit: 0 measured, 1 failure, 2 usage error.`,
    ko: `사용법: npm run bench:log -- [--count 100000] [--lang ko|en]

규모에 따른 공개 발급 로그: 발급 항목 N개를 덧붙이고 로그 파일(타일, 항목 묶음, 서명된 체크포인트)을
쓴 뒤, 로그의 92%에서 전체까지의 일관성 증명을 확인합니다. 파일 수, 바이트, 초, 최대 메모리를 출력합니다.
  --count N   항목 수 (기본값 100000)
종료 코드: 0 측정함, 1 실패, 2 사용법 오류.`,
  },
  options: { count: { type: 'string', default: '100000' } },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { awardHash, encodeEntry } = await import('../src/lib/transparency/entries.ts');
const { TransparencyLog } = await import('../src/lib/transparency/log.ts');
const { logKeyFrom, logOrigin } = await import('../src/lib/transparency/note.ts');

const count = cli.integer('--count', cli.values.count!, 1);
const signer = logKeyFrom('zrv-bench-secret', logOrigin('https://badges.example.org/'));
const entries = Array.from({ length: count }, () =>
  encodeEntry({
    v: 1,
    event: 'issued',
    award: awardHash(randomUUID()),
    credential: randomBytes(32).toString('hex'),
    validFrom: '2026-01-01T00:00:00Z',
  }),
);
const load = loadavg()
  .map((n) => n.toFixed(2))
  .join(' ');
let started = performance.now();
const firstPart = Math.floor(count * 0.92);
const log = new TransparencyLog(entries.slice(0, firstPart));
const earlier = log.checkpoint(signer.name);
for (const entry of entries.slice(firstPart)) log.append(entry);
const files = log.files(signer);
const written = (performance.now() - started) / 1000;
started = performance.now();
log.checkExtends(earlier);
const proved = (performance.now() - started) / 1000;
let bytes = 0;
for (const file of files.values()) bytes += file.length;
console.log(
  `${count.toLocaleString('en')} entries: ${files.size.toLocaleString('en')} files, ${(bytes / 1e6).toFixed(2)} MB; ` +
    `appended, hashed and tiled in ${written.toFixed(2)} s; consistency proof from ${firstPart.toLocaleString('en')} entries in ${(proved * 1000).toFixed(1)} ms; ` +
    `peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
);
console.log(`machine: ${availableParallelism()} cores, Node ${process.version}, load average before the run ${load}`);
