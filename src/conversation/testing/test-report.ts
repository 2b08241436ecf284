/**
 * The human-readable report of a run: one line per conversation, and under a failing one each
 * turn that went wrong with the expectation, what was expected and what the engine answered.
 */
import type { RunReport } from './conversation-test-runner.js';

export function formatReport(report: RunReport): string {
  const out: string[] = [];
  const many = report.engines.length > 1;
  for (const file of report.files) {
    out.push(file.source);
    for (const conversation of file.conversations) {
      out.push(`  ${conversation.passed ? 'PASS' : 'FAIL'} ${conversation.name} (line ${conversation.line}, ${conversation.turns.length} turn(s))`);
      if (conversation.passed) continue;
      for (const turn of conversation.turns) {
        const problems: string[] = [];
        for (const result of turn.results) {
          const tag = many ? `[${result.engine}] ` : '';
          if (result.error !== undefined) problems.push(`      ${tag}error: ${result.error}`);
          for (const m of result.mismatches) problems.push(`      ${tag}${m.field}: expected ${m.expected}, got ${m.actual}`);
        }
        for (const d of turn.disagreements) {
          const values = Object.entries(d.values).map(([engine, value]) => `${engine} ${value}`).join(', ');
          problems.push(`      engines disagree on ${d.field}: ${values}`);
        }
        if (problems.length === 0) continue;
        out.push(`    turn ${turn.index} (line ${turn.line}) user: ${JSON.stringify(turn.user)}`);
        out.push(...problems);
      }
    }
  }
  const engines = report.engines.join(' and ');
  out.push(
    `${report.passed ? 'ok' : 'failed'}: ${report.conversations - report.failedConversations}/${report.conversations} conversation(s) passed, ` +
      `${report.turns} turn(s), ${report.failedTurns} failed turn(s)` +
      (many ? `, ${report.disagreeingTurns} turn(s) where ${engines} disagree` : '') +
      ` (engine: ${engines})`,
  );
  return `${out.join('\n')}\n`;
}
