/** Preload (node --import) that prints the process's peak resident memory and CPU time on exit, for benchmarks. */
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`peak-rss-kb ${usage.maxRSS}\ncpu-us ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
