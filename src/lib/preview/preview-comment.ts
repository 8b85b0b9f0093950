/**
 * The pull-request preview's comment (.github/workflows/preview.yml), in
 * Korean and then English: whether the build passed, where the preview is,
 * what the pull request changes (the changed files and `npm run plan`'s
 * report), and what is wrong as file › line › what to do. The page checks'
 * problems come from the checks themselves, run in each language; any other
 * error is taken from the build's log as it was written.
 */
import type { ContentIssue } from '../content/content-model.ts';
import { t } from '../i18n.ts';

/** Marks the comment, so the workflow edits its own comment instead of adding one per push. */
export const PREVIEW_COMMENT_MARKER = '<!-- emblem-preview -->';

export interface Problem {
  file: string;
  /** "line 12", a field, or empty. */
  where: string;
  /** What is wrong and what to do, in one sentence. */
  message: string;
}

export interface PreviewInput {
  buildOk: boolean;
  /** Files the pull request changes (git diff --name-only). */
  changedFiles: readonly string[];
  /** `npm run plan` in each language (Markdown), when it ran. */
  plan?: { ko: string; en: string };
  /** The page checks' problems in each language (the same problems, in the same order). */
  pageProblems: { ko: readonly Problem[]; en: readonly Problem[] };
  /** The build's output (stdout and stderr). */
  buildLog: string;
  /** The workflow run (its page has the built site as an artifact). */
  runUrl?: string;
  /** A host's preview address, when the host made one. */
  previewUrl?: string;
  /** The artifact's name. */
  artifact: string;
}

export function problemsOf(issues: readonly ContentIssue[]): Problem[] {
  return issues.map((i) => ({
    file: [i.file, i.record].filter(Boolean).join(' › '),
    where: i.field,
    message: i.message,
  }));
}

/** "file › field: message" lines (content errors) and "file:line: message" (an MDX page that failed to compile). */
const ISSUE_LINE = /^\s*(\S[^›\n]*?\.(?:mdx|md|ya?ml|json|jsonl|csv)(?: › [^:\n]+?)?) › ([^:\n]+): (.+)$/;
const COMPILE_LINE = /^\s*(?:\[[^\]]+\]\s*)?(\S+\.mdx):(\d+): (.+)$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes are exactly what is removed
const ANSI = /\u001b\[[0-9;]*m/g;

/** Problems named in a build log, once each, in order. */
export function logProblems(log: string): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const raw of log.replace(ANSI, '').split('\n')) {
    const issue = ISSUE_LINE.exec(raw);
    const compile = issue ? undefined : COMPILE_LINE.exec(raw);
    const problem = issue
      ? { file: issue[1]!.trim(), where: issue[2]!.trim(), message: issue[3]!.trim() }
      : compile
        ? { file: compile[1]!, where: `line ${compile[2]}`, message: compile[3]!.trim() }
        : undefined;
    if (!problem) continue;
    const key = `${problem.file}\n${problem.where}\n${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** The last lines of the log: what a failed build said when no line names a file. */
function logTail(log: string, lines = 15): string {
  return log.replace(ANSI, '').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Markdown table cells: no line breaks, no unescaped pipes. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function section(lang: 'ko' | 'en', input: PreviewInput, logOnly: readonly Problem[]): string {
  const out: string[] = [
    `### ${t(lang, 'preview.language')}`,
    '',
    t(lang, input.buildOk ? 'preview.ok' : 'preview.failed'),
    '',
  ];
  out.push(`#### ${t(lang, 'preview.title')}`, '');
  if (input.previewUrl) out.push(`- ${t(lang, 'preview.previewAt', { url: input.previewUrl })}`);
  if (input.buildOk && input.runUrl)
    out.push(`- ${t(lang, 'preview.artifact', { run: input.runUrl, name: input.artifact })}`);
  out.push('', `#### ${t(lang, 'preview.changed')}`, '');
  if (input.changedFiles.length) {
    out.push(
      t(lang, 'preview.files', { count: input.changedFiles.length }),
      ...input.changedFiles.map((f) => `- \`${f}\``),
    );
  } else out.push(t(lang, 'preview.noFiles'));
  const plan = input.plan?.[lang];
  if (plan) out.push('', `<details><summary>${t(lang, 'preview.plan')}</summary>`, '', plan.trim(), '', '</details>');
  out.push('', `#### ${t(lang, 'preview.problems')}`, '');
  const problems = [...input.pageProblems[lang], ...logOnly];
  if (problems.length) {
    out.push(t(lang, 'preview.table'), '| --- | --- | --- |');
    for (const p of problems) out.push(`| \`${cell(p.file)}\` | ${cell(p.where) || '—'} | ${cell(p.message)} |`);
  } else if (!input.buildOk) {
    out.push(t(lang, 'preview.logTail'), '', '```', logTail(input.buildLog), '```');
  } else out.push(t(lang, 'preview.none'));
  return out.join('\n');
}

/** The whole comment: Korean first, then English. */
export function previewComment(input: PreviewInput): string {
  // A page problem appears in the log in the editor's language: list it once, from the checks, in each language.
  const pageKeys = new Set(
    [...input.pageProblems.ko, ...input.pageProblems.en].map((p) => `${p.file}\n${p.where}\n${p.message}`),
  );
  const logOnly = logProblems(input.buildLog).filter((p) => !pageKeys.has(`${p.file}\n${p.where}\n${p.message}`));
  return [
    PREVIEW_COMMENT_MARKER,
    `## ${t('ko', 'preview.title')} (${t('en', 'preview.title')})`,
    '',
    section('ko', input, logOnly),
    '',
    '---',
    '',
    section('en', input, logOnly),
    '',
  ].join('\n');
}
