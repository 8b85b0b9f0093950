import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { progressLine, startProgress } from '../../../../src/steps/infrastructure/progress.ts';

function recorder() {
  const written: string[] = [];
  return { written, stream: { write: (s: string) => written.push(s) > 0 } };
}

describe('build progress', () => {
  test('a line says done/total, rate and time left', () => {
    assert.equal(progressLine('cards', 1200, 9260, 35_000), 'cards: 1,200/9,260 (12%), 34/s, about 4 min left');
    assert.equal(progressLine('signing', 5, 10, 10_000), 'signing: 5/10 (50%), 0.5/s, about 10 s left');
  });

  test('in a log: one line per interval, none for a short step', () => {
    let clock = 0;
    const log = recorder();
    const progress = startProgress('cards', 100, {
      stream: log.stream,
      tty: false,
      logInterval: 5000,
      now: () => clock,
    });
    for (let i = 0; i < 100; i++) {
      clock += 200; // 20 s in all
      progress.advance();
    }
    progress.done();
    assert.equal(log.written.length, 3, log.written.join(''));
    assert.ok(log.written.every((l) => l.startsWith('cards: ') && l.endsWith('\n')));

    const short = recorder();
    const quick = startProgress('cards', 10, { stream: short.stream, tty: false, now: () => 0 });
    for (let i = 0; i < 10; i++) quick.advance();
    quick.done();
    assert.deepEqual(short.written, []);
  });

  test('on a terminal: the line is rewritten in place and cleared at the end', () => {
    let clock = 0;
    const tty = recorder();
    const progress = startProgress('pages', 50, { stream: tty.stream, tty: true, now: () => clock });
    for (let i = 0; i < 50; i++) {
      clock += 100;
      progress.advance();
    }
    progress.done();
    assert.ok(tty.written.length > 3);
    assert.ok(tty.written.every((s) => s.startsWith('\r\x1b[K')));
    assert.equal(tty.written.at(-1), '\r\x1b[K');
  });
});
