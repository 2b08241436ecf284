import { ValidationError } from '../../shared/errors.js';
import { BanditErrorCode } from '../errors.js';
import { DEFAULT_NAMESPACE, flattenFeatures } from '../features.js';
import type { BanditAction, FeatureNamespace, FeatureObject, FeatureSet, LoggedExample } from '../port.js';

/** Namespace carrying the action id; `_` keeps it out of Parley's own featurization. */
export const VW_ACTION_NAMESPACE = '_action';

/**
 * Characters VW's text format cannot hold in a name or value are percent-encoded, so ids and
 * strings with spaces, ':', '|' or '=' survive a round trip.
 */
function encode(text: string): string {
  return text.replace(/[%\s:|=']/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function decode(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function namespaces(set: FeatureSet, where: string): string {
  const parts: string[] = [];
  for (const [ns, features] of flattenFeatures(set, where)) {
    const tokens = features.map(([name, value]) => {
      const eq = name.indexOf('=');
      // One-hot features keep their `name=value` form; numeric ones are `name:value`.
      return eq >= 0 ? `${encode(name.slice(0, eq))}=${encode(name.slice(eq + 1))}` : `${encode(name)}:${value}`;
    });
    parts.push(`|${ns === DEFAULT_NAMESPACE ? '' : encode(ns)} ${tokens.join(' ')}`.trimEnd());
  }
  return parts.join(' ');
}

/**
 * Writes examples in VW's `--cb_adf` text format: a `shared` line, one line per action with the
 * label `0:cost:probability` on the logged one (cost = -reward, VW minimizes), a blank line after.
 */
export function toCbAdf(examples: Iterable<LoggedExample>): string {
  const lines: string[] = [];
  for (const e of examples) {
    lines.push(`shared ${namespaces(e.context, 'context')}`.trimEnd());
    e.actions.forEach((a, i) => {
      const label = a.id === e.chosen ? `0:${-e.reward}:${e.probability} ` : '';
      const features = namespaces(a.features, `actions[${i}].features`);
      lines.push(`${label}|${VW_ACTION_NAMESPACE} id=${encode(a.id)}${features ? ` ${features}` : ''}`);
    });
    lines.push('');
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function vwError(line: number, message: string): ValidationError {
  return new ValidationError(BanditErrorCode.vwInvalid, `cb_adf line ${line}: ${message}`, { details: { line } });
}

/** Parses `|ns a=b c:1.5 |ns2 ...` into a feature set (one object, namespaces as keys). */
function parseFeatures(text: string, line: number): { features: FeatureSet; actionId?: string } {
  const object: FeatureObject = {};
  let actionId: string | undefined;
  for (const segment of text.split('|').slice(1)) {
    const [nsToken = '', ...tokens] = segment.split(/\s+/);
    const ns = decode(nsToken);
    const target: FeatureNamespace = {};
    for (const token of tokens.filter((t) => t.length > 0)) {
      const eq = token.indexOf('=');
      if (eq >= 0) {
        const name = decode(token.slice(0, eq));
        const raw = decode(token.slice(eq + 1));
        if (ns === VW_ACTION_NAMESPACE && name === 'id') actionId = raw;
        else target[name] = raw === 'true' ? true : raw === 'false' ? false : raw;
        continue;
      }
      const colon = token.lastIndexOf(':');
      const value = colon >= 0 ? Number(token.slice(colon + 1)) : 1;
      if (!Number.isFinite(value)) throw vwError(line, 'feature value is not a finite number');
      target[decode(colon >= 0 ? token.slice(0, colon) : token)] = value;
    }
    if (ns === VW_ACTION_NAMESPACE) continue;
    if (ns === '') Object.assign(object, target);
    else object[ns] = target;
  }
  return { features: Object.keys(object).length > 0 ? [object] : [], actionId };
}

/** Reads `--cb_adf` text back into logged examples; every defect is PARLEY_BANDIT_VW_INVALID. */
export function fromCbAdf(text: string): LoggedExample[] {
  const out: LoggedExample[] = [];
  let block: { line: number; text: string }[] = [];
  const flush = (): void => {
    if (block.length > 0) out.push(parseBlock(block));
    block = [];
  };
  text.split('\n').forEach((raw, i) => {
    if (raw.trim().length === 0) flush();
    else block.push({ line: i + 1, text: raw });
  });
  flush();
  return out;
}

function parseBlock(block: { line: number; text: string }[]): LoggedExample {
  const first = block[0] as { line: number; text: string };
  let context: FeatureSet = [];
  let rest = block;
  if (first.text.startsWith('shared')) {
    context = parseFeatures(first.text.slice('shared'.length), first.line).features;
    rest = block.slice(1);
  }
  const actions: BanditAction[] = [];
  let chosen: { id: string; cost: number; probability: number } | undefined;
  for (const { line, text } of rest) {
    const bar = text.indexOf('|');
    if (bar < 0) throw vwError(line, 'action line has no namespace');
    const { features, actionId } = parseFeatures(text.slice(bar), line);
    const id = actionId ?? `action-${actions.length + 1}`; // VW itself identifies actions by position
    actions.push({ id, features });
    const label = text.slice(0, bar).trim();
    if (label.length === 0) continue;
    const parts = label.split(/\s+/)[0]?.split(':') ?? [];
    const cost = Number(parts[1]);
    const probability = Number(parts[2]);
    if (parts.length < 3 || !Number.isFinite(cost) || !(probability > 0 && probability <= 1)) {
      throw vwError(line, 'label must be action:cost:probability with probability in (0, 1]');
    }
    if (chosen) throw vwError(line, 'more than one labelled action in one example');
    chosen = { id, cost, probability };
  }
  if (!chosen) throw vwError(first.line, 'example has no labelled (chosen) action');
  return { context, actions, chosen: chosen.id, probability: chosen.probability, reward: chosen.cost === 0 ? 0 : -chosen.cost };
}
