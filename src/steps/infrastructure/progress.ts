/**
 * Progress of a long build step: on a terminal, one line rewritten in place
 * (done/total, rate, time left); in a CI log, one line every few seconds; no
 * line per file either way. A step shorter than the interval prints nothing
 * here and keeps its usual summary line.
 */
export interface Progress {
  /** Marks `count` more items done. */
  advance(count?: number): void;
  /** Clears the terminal line; the step then logs its own summary. */
  done(): void;
}

export interface ProgressOptions {
  stream?: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
  /** Milliseconds between lines in a log (not a terminal). */
  logInterval?: number;
  /** Rewrite one line in place (default: a terminal, outside CI). */
  tty?: boolean;
  now?: () => number;
}

/** "cards: 1,200/9,260 (13%), 34/s, about 4 min left" */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const percent = total ? Math.floor((done / total) * 100) : 100;
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const left = rate > 0 ? (total - done) / rate : undefined;
  const eta = left === undefined ? '' : `, about ${formatDuration(left)} left`;
  return `${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${percent}%), ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s${eta}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function startProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const tty = options.tty ?? (Boolean(stream.isTTY) && !process.env.CI);
  const interval = tty ? 200 : (options.logInterval ?? 5000);
  const started = now();
  let doneCount = 0;
  let lastShown = started;
  let shownOnTerminal = false;
  const show = () => {
    const line = progressLine(label, doneCount, total, now() - started);
    if (tty) {
      stream.write(`\r\x1b[K${line}`);
      shownOnTerminal = true;
    } else stream.write(`${line}\n`);
  };
  return {
    advance(count = 1) {
      doneCount += count;
      const t = now();
      if (t - lastShown >= interval && doneCount < total) {
        lastShown = t;
        show();
      }
    },
    done() {
      if (shownOnTerminal) stream.write('\r\x1b[K');
    },
  };
}
