/**
 * CPU time of processes and threads from Linux's /proc, for benches that compare CPU per operation
 * rather than wall time (the shared machine's load inflates wall time far more than CPU time).
 */
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux, the unit of /proc/<pid>/stat's CPU times

/** utime + stime (ms) from a /proc stat file; the command name may hold spaces, so parse after it. */
export function statCpuMs(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

/** Every descendant process of `pid` (threads of any of them may have spawned it). */
export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const parent = pending.pop() as number;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      continue; // gone meanwhile
    }
    for (const task of tasks) {
      let children: number[] = [];
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {
        // the thread ended meanwhile
      }
      found.push(...children);
      pending.push(...children);
    }
  }
  return found;
}

/** CPU ms used so far by `pid` and every descendant still running. */
export function treeCpuMs(pid: number): number {
  return [pid, ...descendantsOf(pid)].reduce((sum, each) => {
    try {
      return sum + statCpuMs(`/proc/${each}/stat`);
    } catch {
      return sum; // exited between listing and reading
    }
  }, 0);
}
