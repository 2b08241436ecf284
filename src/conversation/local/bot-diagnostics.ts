/**
 * Diagnostics found while reading a bot export. Each names the file (path inside the export,
 * '/'-separated) and the field (a JSON path such as `sampleUtterances[3].utterance`, `$` for the
 * whole file), so an author can go straight to the spot.
 */
export type BotDiagnosticSeverity = 'error' | 'warning';

export interface BotDiagnostic {
  severity: BotDiagnosticSeverity;
  file: string;
  field: string;
  message: string;
}

export interface BotCheckResult {
  /** False when at least one diagnostic is an error; warnings alone keep it true. */
  ok: boolean;
  diagnostics: BotDiagnostic[];
}

/** Collects diagnostics across files; order is the order found (files are read sorted). */
export class BotDiagnostics {
  readonly list: BotDiagnostic[] = [];

  error(file: string, field: string, message: string): void {
    this.list.push({ severity: 'error', file, field: field === '' ? '$' : field, message });
  }

  warning(file: string, field: string, message: string): void {
    this.list.push({ severity: 'warning', file, field: field === '' ? '$' : field, message });
  }

  hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }

  result(): BotCheckResult {
    return { ok: !this.hasErrors(), diagnostics: [...this.list] };
  }
}

/** `file: field: message`, the form used in error messages and CLI output. */
export function formatDiagnostic(d: BotDiagnostic): string {
  return `${d.file}: ${d.field}: ${d.message}`;
}
