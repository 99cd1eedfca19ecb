// Notices when the processes that launched us die (`npm start` → sh → tsx → this), even by kill -9, which
// no signal handler sees: their children, we included, would otherwise run on as orphans holding the ports.
// Linux reads each link of the chain from /proc; elsewhere only our own parent is watched.
import fs from 'node:fs';

interface Link {
  child: number;
  parent: number;
}

function parentOf(pid: number): number | undefined {
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read from the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function runsAnNpmScript(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').some((v) => v.startsWith('npm_lifecycle_event='));
  } catch {
    return false;
  }
}

/** Our parent, and, under an npm script, each ancestor up to and including the `npm` that runs it. */
function launcherChain(): Link[] {
  const links: Link[] = [{ child: process.pid, parent: process.ppid }];
  if (!fs.existsSync('/proc/self/stat') || !process.env.npm_lifecycle_event) return links;
  let current = process.ppid;
  // npm sets npm_lifecycle_event for the script's processes, not for itself: stop at the first without it.
  for (let depth = 0; depth < 8 && current > 1 && runsAnNpmScript(current); depth++) {
    const parent = parentOf(current);
    if (parent === undefined || parent <= 1) break;
    links.push({ child: current, parent });
    current = parent;
  }
  return links;
}

/**
 * Resolves with a one-line reason once any launcher has died (a link's parent changes when the parent dies,
 * before anyone reaps it, so neither zombies nor reused pids fool it). Polls once a second; keeps no process alive.
 */
export function whenLauncherDies(intervalMs = 1_000): Promise<string> {
  const links = launcherChain();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      for (const link of links) {
        const now = link.child === process.pid ? process.ppid : parentOf(link.child);
        if (now !== link.parent) {
          clearInterval(timer);
          resolve(`the process that launched this one (pid ${link.parent}) is gone`);
          return;
        }
      }
    }, intervalMs);
    timer.unref();
  });
}
