/**
 * Progress of a command's phases on stderr: one bar per phase on a terminal (cli-progress draws
 * multi-bars only there; elsewhere it prints unfilled templates), and on a log or CI plain lines,
 * each step of a short phase and the quarters of a long one.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';

export interface PhaseProgress {
  update(phase: string, done: number, total: number): void;
  /** Ends the bars (leaving them drawn); call before printing anything else. */
  stop(): void;
}

/** Phases of at most this many steps get a line per step off a terminal; longer ones, per quarter. */
const LINE_PER_STEP_UP_TO = 20;

export function phaseProgress(command: string, enabled: boolean): PhaseProgress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY === true) {
    const bars = new MultiBar({ format: '{phase} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
    const byPhase = new Map<string, SingleBar>();
    const width = 13;
    return {
      update(phase, done, total) {
        const bar = byPhase.get(phase);
        if (bar === undefined) byPhase.set(phase, bars.create(total, done, { phase: phase.padEnd(width) }));
        else {
          bar.setTotal(total);
          bar.update(done);
        }
      },
      stop: () => bars.stop(),
    };
  }
  const lastQuarter = new Map<string, number>();
  return {
    update(phase, done, total) {
      const quarter = total <= LINE_PER_STEP_UP_TO ? done : Math.floor((4 * done) / Math.max(1, total));
      if (lastQuarter.get(phase) === quarter) return;
      lastQuarter.set(phase, quarter);
      process.stderr.write(`${command}: ${phase} ${done}/${total}\n`);
    },
    stop: () => undefined,
  };
}
