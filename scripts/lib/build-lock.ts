/**
 * One Astro build at a time per project folder. Astro writes the content
 * modules of the folder it builds into the project's one `.astro/` folder
 * (its place is fixed to `<root>/.astro/`, not configurable), so two builds
 * of different content at once can render each other's pages or fail.
 *
 * A second build waits rather than refusing: a script or CI job that starts
 * two builds gets both sites, one after the other, instead of a failure to
 * retry by hand. The lock is a folder (`.emblem/build-lock/`, made atomically
 * by mkdir) holding the owner's process id; the lock of a process that died
 * is taken over.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BuildLock {
  release(): void;
}

/** Waits until no other live process builds in `root`, then holds the lock until release() or exit. */
export async function takeBuildLock(root: string, say: (message: string) => void, pollMs = 500): Promise<BuildLock> {
  const lock = path.join(root, '.emblem', 'build-lock');
  const pidFile = path.join(lock, 'pid');
  let told = false;
  for (;;) {
    mkdirSync(path.dirname(lock), { recursive: true });
    try {
      mkdirSync(lock);
      writeFileSync(pidFile, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = ownerPid(pidFile);
    if (owner === undefined && ageMs(lock) > 10_000) {
      rmSync(lock, { recursive: true, force: true }); // made by a process killed before it wrote its id
      continue;
    }
    if (owner !== undefined && !processAlive(owner)) {
      // Removed only if it still names the dead owner: a build that took it over meanwhile keeps it.
      if (ownerPid(pidFile) === owner) rmSync(lock, { recursive: true, force: true });
      say(`Took over the build lock of process ${owner}, which is no longer running.`);
      continue;
    }
    if (!told && owner !== undefined) {
      say(
        `Waiting for another build in this project (process ${owner}) to finish: builds of one project take turns (they share its .astro/ folder).`,
      );
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const release = () => {
    if (ownerPid(pidFile) === process.pid) rmSync(lock, { recursive: true, force: true });
  };
  process.once('exit', release);
  return {
    release() {
      process.off('exit', release);
      release();
    },
  };
}

function ownerPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // just made, pid not written yet (or already released)
  }
}

function ageMs(dir: string): number {
  try {
    return Date.now() - statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
}

/** Whether a process with this id is running (EPERM: it is, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
