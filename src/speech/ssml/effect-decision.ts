import type { VoiceProfile, EffectPolicy } from '../profile.js';
import { ELEMENT_RULES, type EffectKind, type FeatureRule } from './rules.js';
import { attributeValue, type SsmlElement } from './tree.js';

/** An effect the local audio chain applies to a segment's audio (the engine could not). */
export interface LocalEffect {
  kind: EffectKind;
  /** The SSML value it replaces: `+15%`, `strong`, `2s`... */
  value?: string;
}

/** How compile treats one element whose features the target engine lacks. */
export interface Decision {
  /** The span goes to the standard engine of the same voice, element intact. */
  isStandard: boolean;
  /** What is written instead of the element on the profile's engine (undefined: unwrapped). */
  shown: SsmlElement | undefined;
  /** What is written when the element lands in a standard-engine segment anyway. */
  shownOnStandard: SsmlElement | undefined;
  /** Polly falls back the whole sentence (say-as spell-out), so route the whole sentence. */
  isSentenceWide: boolean;
  localEffects: LocalEffect[];
  warnings: string[];
}

/** Effects the local audio chain can render on synthesized audio. */
const LOCAL_EFFECTS: ReadonlySet<EffectKind> = new Set(['whispered', 'soft-phonation', 'vocal-tract-length', 'pitch', 'emphasis', 'max-duration', 'drc']);

export function decideElement(element: SsmlElement, lacking: FeatureRule[], profile: VoiceProfile, hasStandard: boolean): Decision | undefined {
  if (lacking.length === 0) return undefined;
  const where = `line ${element.position.line}, column ${element.position.column}`;
  const warnings: string[] = [];
  const actions = lacking.map((feature) => ({ feature, action: resolve(feature, policyFor(feature.effect, profile), hasStandard) }));
  const isSentenceWide = lacking.some((f) => f.effect === 'spell-out');
  if (actions.some((a) => a.action === 'standard')) {
    const names = actions.map((a) => a.feature.id).join(', ');
    const warning = `${where}: ${names} spoken by the standard ${profile.voiceId} voice${isSentenceWide ? ' (the whole sentence)' : ''}`;
    return { isStandard: true, shown: element, shownOnStandard: element, isSentenceWide, localEffects: [], warnings: [warning] };
  }
  const strip = new Set<string>();
  let unwrap = false;
  const localEffects: LocalEffect[] = [];
  for (const { feature, action } of actions) {
    if (action === 'keep') {
      warnings.push(`${where}: ${feature.id} makes ${profile.engine} silently fall back to the standard voice for this sentence`);
      continue;
    }
    if (feature.attribute === undefined) unwrap = true;
    else strip.add(feature.attribute);
    if (action === 'local') localEffects.push(localEffectOf(feature, element));
    else warnings.push(`${where}: ${feature.id} dropped: the ${profile.engine} engine does not support it`);
  }
  const kept = element.attributes.filter((a) => !strip.has(a.name));
  const rule = ELEMENT_RULES[element.name];
  if (rule?.requireOneOf !== undefined && !kept.some((a) => rule.requireOneOf?.includes(a.name))) unwrap = true;
  if (rule?.required?.some((name) => strip.has(name)) === true) unwrap = true;
  const shown = unwrap ? undefined : { ...element, attributes: kept };
  const shownOnStandard = lacking.every((f) => f.support.standard === 'yes') ? element : shown;
  return { isStandard: false, shown, shownOnStandard, isSentenceWide: false, localEffects, warnings };
}

type Action = 'standard' | 'local' | 'drop' | 'keep';

function policyFor(effect: EffectKind | undefined, profile: VoiceProfile): EffectPolicy {
  return (effect === undefined ? undefined : profile.effectPolicy[effect]) ?? profile.effectPolicy.default;
}

/** Falls back standard -> local -> drop when the preferred route is not available. */
function resolve(feature: FeatureRule, policy: EffectPolicy, hasStandard: boolean): Action {
  const canStandard = hasStandard && feature.support.standard === 'yes';
  const canLocal = feature.effect !== undefined && LOCAL_EFFECTS.has(feature.effect);
  const isSilentFallback = feature.effect === 'spell-out';
  if (policy === 'standard-fallback' && canStandard) return 'standard';
  if (isSilentFallback) return 'keep';
  if ((policy === 'standard-fallback' || policy === 'local-effect') && canLocal) return 'local';
  return 'drop';
}

function localEffectOf(feature: FeatureRule, element: SsmlElement): LocalEffect {
  const kind = feature.effect ?? 'emphasis';
  const value = feature.attribute === undefined ? attributeValue(element, 'level') ?? (kind === 'emphasis' ? 'moderate' : undefined) : attributeValue(element, feature.attribute);
  return value === undefined || feature.attribute === 'name' ? { kind } : { kind, value };
}
