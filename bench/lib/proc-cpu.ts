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

/** The machine's CPU time so far in /proc/stat's first line: all of it, and what the hypervisor stole. */
export function machineCpuTicks(): { total: number; steal: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is in user)
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((f) => !Number.isFinite(f))) return undefined;
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] as number };
  } catch {
    return undefined;
  }
}

/**
 * Share of the machine's CPU time the hypervisor gave to others between two readings: on a
 * virtual machine, time the cores were not ours at all, which no change to the code can win back.
 */
export function stealShare(before: ReturnType<typeof machineCpuTicks>, after: ReturnType<typeof machineCpuTicks>): number {
  if (before === undefined || after === undefined || after.total <= before.total) return NaN;
  return (after.steal - before.steal) / (after.total - before.total);
}
