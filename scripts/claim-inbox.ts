/**
 * npm run claim-inbox [-- --port 8787] [--host 127.0.0.1] [--out FILE] [--tls-key F --tls-cert F] [--insecure-http] [--trust-proxy]
 *
 * A small reference endpoint for claim submissions (see
 * scripts/lib/claim-inbox-server.ts): for programs that run one machine, and
 * for the tests. Set its public https URL as `claims.endpoint` in issuer.yaml,
 * then apply what it collected with `npm run claims:apply -- FILE`.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { CliError, CONTENT_OPTION, EXIT, KEEP_RUNNING, loadCommandContent, parseCli, runCli } from './lib/cli.ts';
// The server module is small (no content, no crypto library): its default body size goes into the usage text.
import { createClaimInbox, DEFAULT_MAX_BYTES } from './lib/claim-inbox-server.ts';

const help = {
  en: `usage: npm run claim-inbox -- [options]

Receives claim submissions from the claim page (form POST), checks their
tokens and appends the valid ones to a JSONL file for claims:apply.

  --port N          port (default 8787)
  --host ADDRESS    address to bind (default 127.0.0.1; put a TLS proxy in front for the internet)
  --out FILE        where submissions go (default .emblem/claim-inbox.jsonl)
  --tls-key FILE, --tls-cert FILE   serve HTTPS directly
  --insecure-http   allow plain HTTP on an address other than loopback
                    (refused without it: claims carry tokens)
  --trust-proxy     behind a proxy: rate-limit by the last X-Forwarded-For address
  --max-bytes N     largest accepted body (default ${DEFAULT_MAX_BYTES})
  --content DIR     content folder (default EMBLEM_CONTENT_DIR or ./content)
  --lang ko|en      language of the messages

Needs EMBLEM_CLAIM_SECRET (a local test secret in development).`,
  ko: `사용법: npm run claim-inbox -- [옵션]

수령 페이지가 보낸 신청(form POST)을 받아 토큰을 확인하고, 올바른 신청을
claims:apply가 읽는 JSONL 파일에 덧붙입니다.

  --port N          포트 (기본 8787)
  --host ADDRESS    바인드할 주소 (기본 127.0.0.1; 인터넷에는 TLS 프록시를 앞에 두세요)
  --out FILE        신청을 저장할 파일 (기본 .emblem/claim-inbox.jsonl)
  --tls-key FILE, --tls-cert FILE   HTTPS로 직접 서비스
  --insecure-http   루프백이 아닌 주소에서도 평문 HTTP를 허용
                    (없으면 거부합니다: 신청에는 토큰이 들어 있습니다)
  --trust-proxy     프록시 뒤에서: X-Forwarded-For의 마지막 주소로 요청 수를 제한
  --max-bytes N     받을 수 있는 최대 본문 크기 (기본 ${DEFAULT_MAX_BYTES})
  --content DIR     콘텐츠 폴더 (기본 EMBLEM_CONTENT_DIR 또는 ./content)
  --lang ko|en      메시지 언어

EMBLEM_CLAIM_SECRET이 필요합니다(개발 환경에서는 로컬 시험용 비밀값).`,
};

const cli = parseCli({
  command: 'claim-inbox',
  usage: help,
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    out: { type: 'string', default: '.emblem/claim-inbox.jsonl' },
    'tls-key': { type: 'string' },
    'tls-cert': { type: 'string' },
    'insecure-http': { type: 'boolean', default: false },
    'trust-proxy': { type: 'boolean', default: false },
    'max-bytes': { type: 'string' },
    ...CONTENT_OPTION,
  },
});
const values = cli.values as typeof cli.values & { host: string; port: string; out: string };
const locale = cli.lang;
const port = cli.integer('--port', values.port, 0, 65535);
const maxBytes = values['max-bytes'] ? cli.integer('--max-bytes', values['max-bytes'], 64) : DEFAULT_MAX_BYTES;
if (Boolean(values['tls-key']) !== Boolean(values['tls-cert']))
  cli.usageError({ en: '--tls-key and --tls-cert go together', ko: '--tls-key와 --tls-cert는 함께 지정해야 합니다' });

await runCli(async () => {
  // Claims carry tokens: off loopback they travel only over TLS, unless the operator says otherwise.
  const loopback =
    values.host === 'localhost' || (isIP(values.host) === 4 ? values.host.startsWith('127.') : values.host === '::1');
  if (!loopback && !values['tls-key']) {
    if (!values['insecure-http']) {
      throw new CliError(
        locale === 'ko'
          ? `${values.host}에서 평문 HTTP로 신청을 받지 않습니다: --tls-key와 --tls-cert로 HTTPS를 켜거나, TLS 프록시가 앞에 있다면 --insecure-http를 붙이세요.`
          : `Refusing to serve claims over plain HTTP on ${values.host}: pass --tls-key and --tls-cert for HTTPS, or --insecure-http if a TLS proxy stands in front.`,
        EXIT.usage,
      );
    }
    console.error(
      locale === 'ko'
        ? `경고: ${values.host}에서 평문 HTTP로 신청을 받습니다. 토큰이 암호화되지 않은 채 오가므로 TLS 프록시를 앞에 두세요.`
        : `Warning: serving claims over plain HTTP on ${values.host}; tokens travel unencrypted unless a TLS proxy stands in front.`,
    );
  }
  const { siteUrlSetting } = await import('../src/lib/build-settings.ts');
  const { ClaimSecretError, loadClaimSecret } = await import('./lib/claim-secret.ts');
  let secret: string;
  try {
    secret = loadClaimSecret();
  } catch (error) {
    if (!(error instanceof ClaimSecretError)) throw error;
    throw new CliError(error.message, EXIT.usage);
  }
  const { contentDir, content } = await loadCommandContent(values.content, process.cwd());
  const awards = new Map(content.awards.map((a) => [a.id.toLowerCase(), a]));
  const file = path.resolve(values.out);
  const server = createClaimInbox({
    awards,
    secret,
    file,
    defaultLocale: content.issuer.defaultLocale,
    siteUrl: siteUrlSetting(process.env, contentDir),
    maxBytes,
    tls: values['tls-key']
      ? { key: readFileSync(values['tls-key'], 'utf8'), cert: readFileSync(values['tls-cert']!, 'utf8') }
      : undefined,
    trustProxy: values['trust-proxy'],
    log: (line) => console.log(line),
  });
  server.listen(port, values.host, () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    const scheme = values['tls-key'] ? 'https' : 'http';
    // The first line is machine-readable: tests start the inbox on port 0 and read it.
    console.log(
      `claim-inbox listening on ${scheme}://${values.host}:${actual}/ → ${path.relative(process.cwd(), file) || file}`,
    );
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
  return KEEP_RUNNING;
});
