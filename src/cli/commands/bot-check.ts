import { checkBot } from '../../conversation/local/index.js';

/** `parley bot check DIR`: prints each diagnostic (file, field, message); exits 1 on any error. */
export async function runBotCheck(dir: string, options: { json?: boolean }): Promise<number> {
  const result = await checkBot(dir);
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    for (const d of result.diagnostics) process.stdout.write(`${d.severity}: ${d.file}: ${d.field}: ${d.message}\n`);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.length - errors;
    process.stdout.write(`${result.ok ? 'ok' : 'invalid'}: ${dir} (${errors} error(s), ${warnings} warning(s))\n`);
  }
  return result.ok ? 0 : 1;
}
