/**
 * npm run notify [-- --send] [--rate N] [--events awarded,reminder,…] [--lang ko|en]
 *
 * Works out which notification emails are due (src/lib/notify/due.ts) and
 * renders them from the templates in content/emails/. Dry run by default:
 * one .eml file per email in the outbox folder, nothing recorded. With
 * --send, delivers over SMTP (EMBLEM_SMTP_URL) and appends each outcome to
 * the sent log at once, so a run that stops resumes where it stopped.
 *
 * Exit codes: 0 done, 1 some recipients rejected or sending stopped, 2 usage
 * error or missing setting.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NotificationMail } from '../src/lib/notify/compose.ts';
import type { SentLogLine } from '../src/lib/notify/sent-mail-record.ts';
import type { EmailTemplate, NotifyEvent } from '../src/lib/notify/templates.ts';
import {
  CliError,
  CONTENT_OPTION,
  EXIT,
  fill,
  loadCommandContent,
  type Messages,
  parseCli,
  runCli,
} from './lib/cli.ts';
import { setting } from '../src/lib/settings.ts';

/** NOTIFY_EVENTS of src/lib/notify/templates.ts, for the usage text without loading it (tests/unit/commands.test.ts checks they match). */
const EVENTS = ['awarded', 'published', 'reminder', 'expiring', 'revoked'] as const;

const messages: Messages<
  | 'help'
  | 'noSmtp'
  | 'none'
  | 'due'
  | 'written'
  | 'sent'
  | 'rejected'
  | 'stopped'
  | 'summary'
  | 'uncertain'
  | 'oldLogRead'
  | 'oldLogMoved'
  | 'badLog'
  | 'busy'
> = {
  en: {
    help: `usage: npm run notify -- [options]

Emails earners about their badges: awarded (claim invitation), reminder,
published, expiring, revoked. Which emails are due comes from the content and
the sent log, so nothing is sent twice. Templates: content/emails/<event>.<locale>.md.

  --send                 deliver over SMTP (EMBLEM_SMTP_URL); default: dry run into the outbox
  --rate N               at most N emails per second (default 2)
  --limit N              at most N emails this run (CI commits the log after each batch)
  --events LIST          only these events (comma separated: ${EVENTS.join(',')})
  --reminder-days N      remind after N days without a claim (default 7)
  --max-reminders N      at most N reminders per award (default 2)
  --expiring-days N      warn N days before expiry (default 30)
  --retry-rejected       try again recipients the mail server rejected before
  --resend-uncertain     send again emails a stopped run may or may not have delivered
  --outbox DIR           dry-run folder (default .emblem/outbox)
  --sent-log FILE        sent log (default <content>/state/sent-mail.jsonl; commit it)
  --from ADDRESS         sender (default: the issuer's name and email)
  --content DIR          content folder (default EMBLEM_CONTENT_DIR or ./content)
  --lang ko|en           language of the messages

Links use the site URL: site.url in the content's issuer file, or EMBLEM_SITE_URL.
Secrets from the environment, never from the repository: EMBLEM_SMTP_URL
(smtp[s]://user:pass@host:port), EMBLEM_CLAIM_SECRET, and for DKIM signing
EMBLEM_DKIM_DOMAIN, EMBLEM_DKIM_SELECTOR, EMBLEM_DKIM_PRIVATE_KEY (PEM) or
EMBLEM_DKIM_PRIVATE_KEY_FILE.
Exit codes: 0 done, 1 rejections or sending stopped, 2 usage or missing setting.`,
    noSmtp: '--send needs EMBLEM_SMTP_URL (e.g. smtps://user:password@mail.example.org:465).',
    none: 'No email is due.',
    due: '{count} email(s) due.',
    written: 'Dry run: wrote {count} .eml file(s) to {dir} (nothing sent, nothing recorded). Send them with --send.',
    sent: 'sent {key}',
    rejected: 'REJECTED {key}: {error}',
    stopped: 'Sending stopped at {key}: {error}\nWhat was sent is recorded; run again to resume.',
    summary: 'Sent {sent}, rejected {rejected}.',
    uncertain:
      '{count} email(s) may or may not have arrived (a run stopped between sending and recording): {keys}. They are not sent again; --resend-uncertain sends them again with the same Message-ID.',
    oldLogRead: 'Also read the sent log at its old place, {old}; the next --send moves it into {file}.',
    oldLogMoved: 'Moved {count} line(s) of {old} into {file} (commit it); the old file is now {renamed}.',
    badLog: '{file}:{line}: {message}. Nothing was sent; restore the file from git.',
    busy: 'Another notify --send (process {pid}) is sending with {file}; nothing was sent. Run again when it has finished.',
  },
  ko: {
    help: `사용법: npm run notify -- [옵션]

배지를 받은 사람에게 이메일을 보냅니다: 발급(수령 안내), 미수령 알림, 공개,
만료 예정, 취소. 보낼 이메일은 콘텐츠와 발송 기록으로 정하므로 같은 이메일을
두 번 보내지 않습니다. 템플릿: content/emails/<이벤트>.<언어>.md

  --send                 SMTP로 보냅니다(EMBLEM_SMTP_URL). 기본은 보낼 편지함에 쓰는 시험 실행
  --rate N               초당 최대 N통 (기본 2)
  --limit N              이번 실행에서 최대 N통 (CI는 묶음마다 기록을 커밋)
  --events LIST          이 이벤트만 (쉼표로 구분: ${EVENTS.join(',')})
  --reminder-days N      수령하지 않은 지 N일 후 알림 (기본 7)
  --max-reminders N      배지당 최대 알림 수 (기본 2)
  --expiring-days N      만료 N일 전에 안내 (기본 30)
  --retry-rejected       메일 서버가 거부했던 수신자에게 다시 시도
  --resend-uncertain     멈춘 실행이 전달했는지 알 수 없는 이메일을 다시 보냄
  --outbox DIR           시험 실행 폴더 (기본 .emblem/outbox)
  --sent-log FILE        발송 기록 (기본 <콘텐츠>/state/sent-mail.jsonl, 커밋하세요)
  --from ADDRESS         보내는 사람 (기본: 발급 기관 이름과 이메일)
  --content DIR          콘텐츠 폴더 (기본 EMBLEM_CONTENT_DIR 또는 ./content)
  --lang ko|en           메시지 언어

링크는 사이트 URL을 씁니다: 콘텐츠 발급 기관 파일의 site.url, 또는 EMBLEM_SITE_URL.
비밀 값은 저장소가 아니라 환경 변수에서 읽습니다: EMBLEM_SMTP_URL,
EMBLEM_CLAIM_SECRET, DKIM 서명용 EMBLEM_DKIM_DOMAIN, EMBLEM_DKIM_SELECTOR,
EMBLEM_DKIM_PRIVATE_KEY(PEM) 또는 EMBLEM_DKIM_PRIVATE_KEY_FILE.
종료 코드: 0 완료, 1 거부 또는 발송 중단, 2 사용법 오류 또는 설정 누락.`,
    noSmtp: '--send에는 EMBLEM_SMTP_URL이 필요합니다(예: smtps://user:password@mail.example.org:465).',
    none: '보낼 이메일이 없습니다.',
    due: '보낼 이메일 {count}통.',
    written: '시험 실행: {dir}에 .eml 파일 {count}개를 썼습니다(보내거나 기록하지 않음). --send로 보내세요.',
    sent: '보냄 {key}',
    rejected: '거부됨 {key}: {error}',
    stopped: '{key}에서 발송이 멈췄습니다: {error}\n보낸 것은 기록되었습니다. 다시 실행하면 이어서 보냅니다.',
    summary: '보냄 {sent}, 거부됨 {rejected}.',
    uncertain:
      '이메일 {count}통은 도착했는지 알 수 없습니다(보내는 중과 기록 사이에 실행이 멈춤): {keys}. 다시 보내지 않습니다. --resend-uncertain을 붙이면 같은 Message-ID로 다시 보냅니다.',
    oldLogRead: '예전 위치의 발송 기록 {old}도 읽었습니다. 다음 --send가 {file}(으)로 옮깁니다.',
    oldLogMoved: '{old}의 {count}줄을 {file}(으)로 옮겼습니다(커밋하세요). 예전 파일은 이제 {renamed}입니다.',
    badLog: '{file}:{line}: {message}. 아무것도 보내지 않았습니다. git에서 파일을 되살리세요.',
    busy: '다른 notify --send(프로세스 {pid})가 {file}(으)로 보내는 중입니다. 아무것도 보내지 않았습니다. 끝난 뒤 다시 실행하세요.',
  },
};

const cli = parseCli({
  command: 'notify',
  usage: { en: messages.en.help, ko: messages.ko.help },
  options: {
    send: { type: 'boolean', default: false },
    rate: { type: 'string', default: '2' },
    limit: { type: 'string' },
    events: { type: 'string' },
    'reminder-days': { type: 'string', default: '7' },
    'max-reminders': { type: 'string', default: '2' },
    'expiring-days': { type: 'string', default: '30' },
    'retry-rejected': { type: 'boolean', default: false },
    'resend-uncertain': { type: 'boolean', default: false },
    outbox: { type: 'string', default: '.emblem/outbox' },
    'sent-log': { type: 'string' },
    from: { type: 'string' },
    ...CONTENT_OPTION,
  },
});

/** The SMTP reply code of an error, if the server answered (nodemailer sets responseCode). */
const replyCode = (error: unknown) => (error as { responseCode?: number }).responseCode;

/** A connection that was never made: the message certainly did not leave. */
const neverConnected = (error: unknown) =>
  /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/.test(String((error as Error).message));

/** An error's text for the console: a server's reply may quote the address, which CI logs must not show. */
const withoutAddresses = (text: string) => text.replace(/[^\s<>"':;,]+@[^\s<>"':;,]+/g, '<address>');

function dkimSettings(env: NodeJS.ProcessEnv) {
  const domainName = setting('EMBLEM_DKIM_DOMAIN', env);
  const keySelector = setting('EMBLEM_DKIM_SELECTOR', env);
  const keyFile = setting('EMBLEM_DKIM_PRIVATE_KEY_FILE', env);
  const privateKey = setting('EMBLEM_DKIM_PRIVATE_KEY', env) ?? (keyFile ? readFileSync(keyFile, 'utf8') : undefined);
  if (!domainName && !keySelector && !privateKey) return undefined;
  if (!domainName || !keySelector || !privateKey)
    throw new Error('DKIM needs all of EMBLEM_DKIM_DOMAIN, EMBLEM_DKIM_SELECTOR and a private key');
  return { domainName, keySelector, privateKey };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const values = cli.values as typeof cli.values &
    Record<'rate' | 'reminder-days' | 'max-reminders' | 'expiring-days' | 'outbox', string> & {
      'sent-log'?: string;
      limit?: string;
    };
  const m = messages[cli.lang];
  const numbers = {
    rate: Number(values.rate),
    reminderAfterDays: Number(values['reminder-days']),
    maxReminders: Number(values['max-reminders']),
    expiringDays: Number(values['expiring-days']),
  };
  const option = {
    rate: '--rate',
    reminderAfterDays: '--reminder-days',
    maxReminders: '--max-reminders',
    expiringDays: '--expiring-days',
  } as const;
  const badNumber = (Object.keys(numbers) as (keyof typeof numbers)[]).find(
    (k) => !Number.isFinite(numbers[k]) || numbers[k] < 0,
  );
  if (badNumber)
    return cli.usageError({
      en: `${option[badNumber]} must be a number, 0 or more`,
      ko: `${option[badNumber]}은(는) 0 이상의 수여야 합니다`,
    });
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (!(Number.isInteger(limit) && limit >= 1) && limit !== Number.POSITIVE_INFINITY)
    return cli.usageError({
      en: '--limit must be a whole number, 1 or more',
      ko: '--limit은 1 이상의 정수여야 합니다',
    });
  if (numbers.rate === 0) return cli.usageError({ en: '--rate must be more than 0', ko: '--rate는 0보다 커야 합니다' });
  const events = values.events?.split(',').map((e) => e.trim()) as NotifyEvent[] | undefined;
  const badEvent = events?.find((e) => !(EVENTS as readonly string[]).includes(e));
  if (badEvent)
    return cli.usageError({
      en: `unknown event ${badEvent} in --events (${EVENTS.join(', ')})`,
      ko: `--events에 알 수 없는 이벤트 ${badEvent} (${EVENTS.join(', ')})`,
    });
  const { default: nodemailer } = await import('nodemailer');
  const { buildMoment, siteUrlSetting } = await import('../src/lib/build-settings.ts');
  const { badgeDecisions } = await import('../src/lib/eligibility.ts');
  const { composeNotification, earnerLocale, mailFields, placeholderValues, toEml } = await import(
    '../src/lib/notify/compose.ts'
  );
  const { dueEmails } = await import('../src/lib/notify/due.ts');
  const { OLD_SENT_LOG_FILE, SENT_LOG_FILE, oldSentLogLines, sentLineProblem, sentLogState } = await import(
    '../src/lib/notify/sent-mail-record.ts'
  );
  const { lockLog, logAppender, readLogFile } = await import('../src/lib/state/log-files.ts');
  const { displayPath } = await import('../src/lib/lifecycle/ledger-files.ts');
  const { loadTemplates } = await import('../src/lib/notify/templates.ts');
  const { siteUrls } = await import('../src/lib/site-urls.ts');
  const { ClaimSecretError, loadClaimSecret } = await import('./lib/claim-secret.ts');
  const smtpUrl = setting('EMBLEM_SMTP_URL');
  if (values.send && !smtpUrl) throw new CliError(m.noSmtp, EXIT.usage);

  const root = process.cwd();
  // A content or template error ends the command in one sentence, exit 1 (runCli).
  const { contentDir, content } = await loadCommandContent(values.content, root);
  const emailsDir = path.join(contentDir, 'emails');
  const templates: Map<string, EmailTemplate> = loadTemplates(
    path.relative(root, emailsDir) || emailsDir,
    content.issuer.locales,
    (name) => {
      const file = path.join(emailsDir, name);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
  );
  const now = buildMoment();
  const logFile = path.resolve(values['sent-log'] ?? path.join(contentDir, SENT_LOG_FILE));
  // Sending: this run is the log's one writer, and reads it only once it is (a run that overlaps would
  // read a log without the other's latest emails).
  if (values.send) {
    const lock = lockLog(logFile);
    if ('heldBy' in lock) throw new CliError(fill(m.busy, { pid: lock.heldBy, file: displayPath(logFile) }));
  }
  const log = readLogFile<SentLogLine>(logFile, sentLineProblem);
  const badLine = log.problems[0];
  if (badLine)
    throw new CliError(fill(m.badLog, { file: displayPath(logFile), line: badLine.line, message: badLine.message }));
  // The log's old place (before it was committed with the content): read it too; --send moves it.
  const oldLogFile = values['sent-log'] === undefined ? path.resolve(OLD_SENT_LOG_FILE) : undefined;
  const oldLines = oldLogFile && existsSync(oldLogFile) ? oldSentLogLines(readFileSync(oldLogFile, 'utf8')) : [];
  const names = { old: displayPath(oldLogFile ?? ''), file: displayPath(logFile) };
  if (oldLines.length && !values.send) console.log(fill(m.oldLogRead, names));
  const { done, uncertain } = sentLogState([...oldLines, ...log.entries], {
    resendUncertain: values['resend-uncertain'],
  });
  if (uncertain.length && !values['resend-uncertain'])
    console.log(fill(m.uncertain, { count: uncertain.length, keys: uncertain.map((u) => u.key).join(', ') }));
  const decisions = badgeDecisions(content.badgeClasses, content.rules);
  const due = dueEmails(content.awards, decisions, now, done, {
    ...numbers,
    events,
    retryRejected: values['retry-rejected'],
  }).slice(0, limit);
  const append = logAppender<SentLogLine>(logFile, log);
  if (values.send && oldLogFile && oldLines.length) {
    append(oldLines);
    const renamed = `${oldLogFile}.migrated`;
    renameSync(oldLogFile, renamed);
    console.log(fill(m.oldLogMoved, { ...names, count: oldLines.length, renamed: displayPath(renamed) }));
  }
  if (!due.length) {
    console.log(m.none);
    return 0;
  }
  console.log(fill(m.due, { count: due.length }));

  let claimSecret: string | undefined;
  if (due.some((d) => d.award.claim === 'pending')) {
    try {
      claimSecret = loadClaimSecret();
    } catch (error) {
      if (!(error instanceof ClaimSecretError)) throw error;
      throw new CliError(error.message, EXIT.usage);
    }
  }
  const urls = siteUrls(siteUrlSetting(process.env, contentDir));
  const issuerName = content.issuer.name[content.issuer.defaultLocale] ?? '';
  const from = values.from ?? `"${issuerName.replace(/"/g, '')}" <${content.issuer.email}>`;
  const badgeById = new Map(content.badgeClasses.map((b) => [b.id, b]));
  const mails: { mail: NotificationMail; event: NotifyEvent; award: string }[] = due.map((item) => {
    const locale = earnerLocale(item.award, content.issuer);
    const values_ = placeholderValues(item, {
      issuer: content.issuer,
      badgeClass: badgeById.get(item.award.badge)!,
      urls,
      claimSecret,
    });
    const mail = composeNotification(item, templates.get(`${item.event}.${locale}`)!, values_, { from, urls, locale });
    return { mail, event: item.event, award: item.award.id };
  });

  if (!values.send) {
    const outbox = path.resolve(values.outbox);
    // The outbox shows this run's emails only.
    rmSync(outbox, { recursive: true, force: true });
    mkdirSync(outbox, { recursive: true });
    for (const { mail } of mails)
      writeFileSync(path.join(outbox, `${mail.key.replace(/[^a-z0-9-]+/gi, '_')}.eml`), await toEml(mail), {
        mode: 0o600,
      });
    console.log(fill(m.written, { count: mails.length, dir: path.relative(root, outbox) || outbox }));
    return 0;
  }

  let dkim: ReturnType<typeof dkimSettings>;
  try {
    dkim = dkimSettings(process.env);
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
  // One connection for the run: the intent of each email is recorded when the connection is already up,
  // so the uncertain window is one SMTP transaction, not a connection set-up.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 1,
    ...(dkim ? { dkim } : {}),
  } as Parameters<typeof nodemailer.createTransport>[0]);
  // A server that cannot be reached stops the run before any intent is recorded.
  try {
    await transport.verify();
  } catch (error) {
    transport.close();
    console.error(fill(m.stopped, { key: mails[0]!.mail.key, error: withoutAddresses((error as Error).message) }));
    return 1;
  }
  const gap = 1000 / numbers.rate;
  let sent = 0;
  let rejected = 0;
  const at = () => new Date().toISOString();
  try {
    for (const { mail, event, award } of mails) {
      const started = Date.now();
      const line = { key: mail.key, event, award, messageId: mail.messageId };
      // Intent first, on disk before the SMTP transaction: a kill from here until `sent` is recorded leaves the
      // key uncertain, and an uncertain key is not sent again (at most once; see src/lib/notify/sent-mail-record.ts).
      append([{ ...line, status: 'sending', at: at() }]);
      try {
        const info = await transport.sendMail(mailFields(mail));
        if (info.rejected.length && !info.accepted.length)
          throw Object.assign(new Error(`rejected: ${info.response}`), { responseCode: 550 });
        append([{ ...line, status: 'sent', at: at() }]);
        sent++;
        console.log(fill(m.sent, { key: mail.key }));
      } catch (error) {
        const code = replyCode(error);
        const message = withoutAddresses((error as Error).message);
        // 5xx: this recipient or message is refused for good. Record it and go on.
        if (code !== undefined && code >= 500) {
          append([{ ...line, status: 'rejected', at: at(), code }]);
          rejected++;
          console.error(fill(m.rejected, { key: mail.key, error: message }));
        } else {
          // 4xx (try later): certainly not delivered, due again. A lost connection leaves the key uncertain:
          // it may have dropped after the server took the message.
          if (code !== undefined || neverConnected(error)) append([{ ...line, status: 'deferred', at: at(), code }]);
          console.error(fill(m.stopped, { key: mail.key, error: message }));
          console.log(fill(m.summary, { sent, rejected }));
          return 1;
        }
      }
      const wait = gap - (Date.now() - started);
      if (wait > 0) await sleep(wait);
    }
  } finally {
    transport.close();
  }
  console.log(fill(m.summary, { sent, rejected }));
  return rejected ? 1 : 0;
}

await runCli(main);
