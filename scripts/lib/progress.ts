/** Progress on stderr: one updating line on a terminal, else a line every few seconds (CI logs). */
export function progressReporter(
  label: string,
  quiet = false,
): { update(done: number, total: number): void; end(): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      if (quiet) return;
      const now = Date.now();
      if (now - last < (tty ? 100 : 3000) && done < total) return;
      last = now;
      const line = `${label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${total ? Math.floor((done / total) * 100) : 100}%)`;
      if (tty) process.stderr.write(`\r${line}`);
      else process.stderr.write(`${line}\n`);
      shown = true;
    },
    end() {
      if (tty && shown) process.stderr.write('\n');
    },
  };
}
