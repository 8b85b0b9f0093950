/**
 * A real SMTP server in-process (smtp-server) on loopback that parses every
 * message it accepts (mailparser), and a writable copy of the fixture content
 * with the project's email templates, for the notify tests.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { fixtureContent, projectRoot } from './site-build.ts';

export interface TestMailServer {
  url: string;
  received: ParsedMail[];
  /** Permanently reject (550) these recipient addresses. */
  rejectRecipients: Set<string>;
  /** After this many accepted messages, answer 421 (service not available) to every new one. */
  failAfter: number;
  close(): Promise<void>;
}

export async function startMailServer(): Promise<TestMailServer> {
  const state = {
    received: [] as ParsedMail[],
    rejectRecipients: new Set<string>(),
    failAfter: Number.POSITIVE_INFINITY,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (state.received.length >= state.failAfter) {
        return callback(
          Object.assign(new Error('Service not available, closing transmission channel'), { responseCode: 421 }),
        );
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (state.rejectRecipients.has(address.address.toLowerCase())) {
        return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          state.received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get received() {
      return state.received;
    },
    rejectRecipients: state.rejectRecipients,
    get failAfter() {
      return state.failAfter;
    },
    set failAfter(n: number) {
      state.failAfter = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const copies: string[] = [];

/** A copy of the fixture content under .tmp/, with content/emails, that a test may edit; removed when the test file's process exits. */
export function contentCopy(name: string): string {
  const dir = mkdtempSync(path.join(projectRoot, '.tmp', `${name}-`));
  if (copies.length === 0) {
    process.once('exit', () => {
      for (const copy of copies) rmSync(copy, { recursive: true, force: true });
    });
  }
  copies.push(dir);
  cpSync(fixtureContent, dir, { recursive: true });
  cpSync(path.join(projectRoot, 'content/emails'), path.join(dir, 'emails'), { recursive: true });
  return dir;
}
