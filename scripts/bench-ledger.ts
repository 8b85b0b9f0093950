/**
 * npm run bench:ledger -- [--count 100000] [--out .tmp/bench-ledger/content]
 *
 * The ledger at scale: generates N synthetic awards (scripts/generate-awards.ts),
 * then times, each as the command a user runs (a fresh process, content
 * loading included) and as its in-process phases:
 *   ledger update   `npm run ledger -- --write` from no ledger (every published award gets a slot)
 *   ledger check    what every build does: read and verify the ledger, compare with the content
 *   plan            `npm run plan` after revoking 1% of the awards and hiding 1%
 * Prints seconds; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'bench:ledger',
  usage: {
    en: `usage: npm run bench:ledger -- [--count 100000] [--out .tmp/bench-ledger/content] [--lang ko|en]

The ledger at scale: generates N synthetic awards (into --out, replaced), then times npm run ledger -- --write
from no ledger, the check every build makes and npm run plan after revoking 1% and hiding 1%. Prints seconds.
  --count N   synthetic awards (default 100000)
  --out DIR   the generated content folder (default .tmp/bench-ledger/content)
Exit: 0 measured, 1 failure, 2 usage error.`,
    ko: `사용법: npm run bench:ledger -- [--count 100000] [--out .tmp/bench-ledger/content] [--lang ko|en]

규모에 따른 원장: 합성 수여 N개를 --out에 만든 뒤(폴더를 바꿈), 원장이 없을 때의 npm run ledger -- --write,
모든 빌드가 하는 검사, 1% 취소와 1% 비공개 뒤의 npm run plan 시간을 잽니다. 초를 출력합니다.
  --count N   합성 수여 수 (기본값 100000)
  --out DIR   만들 콘텐츠 폴더 (기본값 .tmp/bench-ledger/content)
종료 코드: 0 측정함, 1 실패, 2 사용법 오류.`,
  },
  options: {
    count: { type: 'string', default: '100000' },
    out: { type: 'string', default: '.tmp/bench-ledger/content' },
  },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { loadContent } = await import('../src/lib/content/content-files.ts');
const { reconcileWithContent } = await import('../src/lib/lifecycle/content-ledger.ts');
const { ledgerFile, readLedger } = await import('../src/lib/lifecycle/ledger-files.ts');
const { emptyLedger, serializeLedger } = await import('../src/lib/lifecycle/ledger.ts');
const { computePlan, planMarkdown } = await import('../src/lib/lifecycle/plan.ts');
const { buildSiteModel } = await import('../src/lib/site-model.ts');
const { values } = cli;
const count = cli.integer('--count', values.count!, 1);
const out = path.resolve(values.out!);
const NOW = '2026-11-26T00:00:00Z';
const env = { ...process.env, EMBLEM_CONTENT_DIR: out, EMBLEM_NOW: NOW };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2).padStart(7)} s`;
/** Wall-clock milliseconds (and, for in-process phases, CPU milliseconds: steadier on a busy machine). */
const cpu = new Map<number, number>();
const timed = <T>(body: () => T): [T, number] => {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const value = body();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpuStart);
  cpu.set(wall, (used.user + used.system) / 1000);
  return [value, wall];
};
const withCpu = (ms: number) => `${seconds(ms)}  (${seconds(cpu.get(ms) ?? 0)} CPU)`;
const run = (script: string, args: string[]) =>
  timed(() => {
    const result = spawnSync(process.execPath, [script, ...args], {
      env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.status !== 0 && result.status !== 2)
      throw new Error(`${script} failed (${result.status}):\n${result.stderr}`);
    return result;
  });

const generated = spawnSync(process.execPath, ['scripts/generate-awards.ts', '--count', String(count), '--out', out], {
  encoding: 'utf8',
});
if (generated.status !== 0) throw new Error(generated.stderr);
rmSync(ledgerFile(out), { force: true });

// In process: the phases.
const [content, loadMs] = timed(() => loadContent(out));
const now = new Date(NOW);
const [model, modelMs] = timed(() => buildSiteModel(content, now));
const [first, reconcileMs] = timed(() => reconcileWithContent(emptyLedger(), content, now, model));
const [text, serializeMs] = timed(() => serializeLedger(first.ledger));
writeFileSync(ledgerFile(out), text);
const [read, parseMs] = timed(() => readLedger(out));
if (read.problems.length) throw new Error(`ledger problems: ${read.problems[0]!.message}`);
const [again, recheckMs] = timed(() => reconcileWithContent(read.ledger, content, now, model));
if (again.changes.length) throw new Error('the ledger should be up to date');

// A publish with 1% revoked and 1% hidden, in process and as the command.
const changed = content.awards.map((a, i) =>
  i % 100 === 1 && !a.revoked
    ? { ...a, revoked: { on: NOW, reason: 'Bench.' } }
    : i % 100 === 2
      ? { ...a, visibility: 'private' as const }
      : a,
);
const changedContent = { ...content, awards: changed };
const [, planMs] = timed(() => {
  const changedModel = buildSiteModel(changedContent, now);
  const { ledger: after, problems } = reconcileWithContent(read.ledger, changedContent, now, changedModel);
  return planMarkdown(
    computePlan({ before: read.ledger, after, content: changedContent, model: changedModel, problems, maxShare: 0.1 }),
    'bench',
  );
});
rmSync(ledgerFile(out), { force: true });
const [, ledgerCliMs] = run('scripts/ledger.ts', ['--write']);
const batch = path.join(out, 'awards', 'generated.json');
const data = JSON.parse(readFileSync(batch, 'utf8')) as { awards: Record<string, unknown>[] };
data.awards.forEach((a, i) => {
  if (i % 100 === 1 && !a.revoked) a.revoked = { on: NOW, reason: 'Bench.' };
  if (i % 100 === 2) a.visibility = 'private';
});
writeFileSync(batch, JSON.stringify(data));
const [planRun, planCliMs] = run('scripts/plan.ts', []);
const summary = planRun.stdout.split('\n')[2];

console.log(
  `ledger at ${count.toLocaleString('en')} awards (${first.ledger.entries.length.toLocaleString('en')} published, ${(text.length / 1e6).toFixed(1)} MB ledger)`,
);
console.log(`  npm run ledger -- --write (no ledger yet)  ${seconds(ledgerCliMs)}   whole command, fresh process`);
console.log(`  npm run plan (1% revoked, 1% hidden)       ${seconds(planCliMs)}   whole command: ${summary}`);
console.log(`  in process (wall, CPU; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores):`);
console.log(`    load + validate content                  ${withCpu(loadMs)}`);
console.log(`    site model                               ${withCpu(modelMs)}`);
console.log(`    ledger update from nothing (reconcile)   ${withCpu(reconcileMs)}`);
console.log(`    serialize                                ${withCpu(serializeMs)}`);
console.log(`    read + verify ledger (every build)       ${withCpu(parseMs)}`);
console.log(`    compare with content (every build)       ${withCpu(recheckMs)}`);
console.log(`    plan: reconcile + compare + Markdown     ${withCpu(planMs)}`);
