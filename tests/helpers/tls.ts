/**
 * Loopback HTTPS for tests: did:web resolves over HTTPS only, so the built
 * site is served with a throw-away self-signed certificate for localhost.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export interface TestCertificate {
  key: string;
  cert: string;
  /** PEM file to trust in child processes (NODE_EXTRA_CA_CERTS). */
  certFile: string;
  /** Temporary folder holding the files; remove it when done. */
  dir: string;
}

export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'emblem-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile, dir };
}

/** A port that was free a moment ago (the site must be built for its origin before serving). */
/** A certificate for this test file's HTTPS servers, removed when the file ends; `tls` is what serveStatic takes. */
export function fileCertificate(): TestCertificate & { tls: { key: string; cert: string } } {
  const certificate = selfSignedCertificate();
  after(() => rmSync(certificate.dir, { recursive: true, force: true }));
  return { ...certificate, tls: { key: certificate.key, cert: certificate.cert } };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET over HTTPS trusting only the test certificate (what a hosted verifier does, minus the CA), on a new
 * connection each time: synchronous builds in between outlast keep-alive. */
export function httpsGet(url: string, ca: string): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      })
      .on('error', reject);
  });
}

/** The JSON at a URL served with the test certificate; anything but 200 throws. */
export async function httpsJson(url: string, ca: string): Promise<Record<string, any>> {
  const answer = await httpsGet(url, ca);
  if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
  return JSON.parse(answer.body) as Record<string, any>;
}
