import { SPEECH_ERROR_CODES, speechError } from '../errors.js';
import type { SpeechEngine } from '../port.js';
import type { VoiceProfile } from '../profile.js';
import { findVoice } from '../voices.js';
import { type Leaf, flattenSsml } from './flatten.js';
import { featuresOf, type FeatureRule } from './rules.js';
import { splitLeaves } from './split.js';
import type { SsmlElement } from './tree.js';
import { validateSsml } from './validate.js';
import { decideElement, type Decision, type LocalEffect } from './effect-decision.js';

export type { LocalEffect } from './effect-decision.js';

/** One synthesis request produced by compile, in speaking order. */
export interface CompiledSegment {
  engine: SpeechEngine;
  voiceId: string;
  languageCode: string;
  lexiconNames: string[];
  ssml: string;
  billedCharacters: number;
  localEffects: LocalEffect[];
  warnings: string[];
}

export interface CompileResult {
  segments: CompiledSegment[];
  warnings: string[];
}

/** Errors that compile resolves by routing the element; anything else means the script is wrong. */
const ROUTABLE = new Set(['unsupported-on-engine', 'unsupported-for-voice']);

/**
 * Compiles a brand script for a voice profile's engine: effects the engine lacks are routed by
 * the profile's effect policy, the profile's default prosody is applied, and the result is cut into
 * requests under Polly's limits. Every segment validates on its own engine. Throws
 * PARLEY_SPEECH_INVALID_SSML (details.diagnostics) when the script is malformed or invalid.
 */
export function compileSsml(source: string, profile: VoiceProfile): CompileResult {
  const checked = validateSsml(source, { engine: profile.engine, voiceId: profile.voiceId });
  const fatal = checked.diagnostics.filter((d) => d.severity === 'error' && !ROUTABLE.has(d.code));
  if (checked.root === undefined || fatal.length > 0) {
    throw speechError(SPEECH_ERROR_CODES.invalidSsml, 'the script is not valid SSML for its engine', { diagnostics: fatal.length > 0 ? fatal : checked.diagnostics });
  }
  const root = checked.root;
  const decisions = decideAll(root, profile);
  const views = {
    profile: (element: SsmlElement): SsmlElement | undefined => (decisions.has(element) ? decisions.get(element)?.shown : element),
    standard: (element: SsmlElement): SsmlElement | undefined => (decisions.has(element) ? decisions.get(element)?.shownOnStandard : element),
  };
  const wrap = defaultProsody(profile);
  const segments: CompiledSegment[] = [];
  for (const group of groupByRoute(flattenSsml(root), decisions)) {
    if (group.leaves.every((leaf) => leaf.node.kind === 'text' && leaf.node.text.trim() === '')) continue;
    const engine = group.isStandard ? 'standard' : profile.engine;
    const view = group.isStandard ? views.standard : views.profile;
    for (const piece of splitLeaves(root, group.leaves, { view, wrap })) {
      segments.push({ engine, voiceId: profile.voiceId, languageCode: profile.languageCode, lexiconNames: profile.lexiconNames, ...piece, localEffects: group.effects, warnings: group.warnings });
    }
  }
  assertSegmentsValid(segments);
  return { segments, warnings: [...new Set(segments.flatMap((s) => s.warnings))] };
}

/** The routing decision for every element using a feature the profile's engine or voice lacks. */
function decideAll(root: SsmlElement, profile: VoiceProfile): Map<SsmlElement, Decision> {
  const hasStandard = findVoice(profile.voiceId)?.supportedEngines.includes('standard') ?? false;
  const decisions = new Map<SsmlElement, Decision>();
  const visit = (element: SsmlElement): void => {
    const lacking = featuresOf(element.name, element.attributes).filter((feature) => lacks(feature, profile));
    const decision = decideElement(element, lacking, profile, hasStandard);
    if (decision !== undefined) decisions.set(element, decision);
    for (const child of element.children) if (child.kind === 'element') visit(child);
  };
  visit(root);
  return decisions;
}

function lacks(feature: FeatureRule, profile: VoiceProfile): boolean {
  const support = feature.support[profile.engine];
  if (support === 'no' || support === 'standard-fallback') return true;
  return support === 'select-voices' && findVoice(profile.voiceId)?.hasNewscaster !== true;
}

interface RouteGroup {
  leaves: Leaf[];
  isStandard: boolean;
  effects: LocalEffect[];
  warnings: string[];
}

interface LeafRoute {
  leaf: Leaf;
  isStandard: boolean;
  effects: LocalEffect[];
  warnings: string[];
}

function routeOf(leaf: Leaf, decisions: ReadonlyMap<SsmlElement, Decision>): LeafRoute & { isSentenceWide: boolean } {
  const chain = leaf.node.kind === 'element' ? [...leaf.path, leaf.node] : leaf.path;
  const routed = chain.flatMap((element) => {
    const decision = decisions.get(element);
    return decision === undefined ? [] : [decision];
  });
  const isStandard = routed.some((d) => d.isStandard);
  return {
    leaf,
    isStandard,
    isSentenceWide: routed.some((d) => d.isStandard && d.isSentenceWide),
    effects: isStandard ? [] : routed.flatMap((d) => d.localEffects),
    warnings: routed.flatMap((d) => d.warnings),
  };
}

/** Consecutive leaves with the same engine and local effects become one group (one request or more). */
function groupByRoute(leaves: readonly Leaf[], decisions: ReadonlyMap<SsmlElement, Decision>): RouteGroup[] {
  const routes = leaves.map((leaf) => routeOf(leaf, decisions));
  let sentenceStart = 0;
  routes.forEach((route, index) => {
    if (!route.leaf.endsSentence && index < routes.length - 1) return;
    const sentence = routes.slice(sentenceStart, index + 1);
    if (sentence.some((r) => r.isSentenceWide)) for (const r of sentence) Object.assign(r, { isStandard: true, effects: [] });
    sentenceStart = index + 1;
  });
  const groups: Array<RouteGroup & { key: string }> = [];
  for (const route of routes) {
    const key = `${route.isStandard}|${JSON.stringify(route.effects)}`;
    const last = groups.at(-1);
    if (last !== undefined && last.key === key) {
      last.leaves.push(route.leaf);
      for (const w of route.warnings) if (!last.warnings.includes(w)) last.warnings.push(w);
    } else {
      groups.push({ key, leaves: [route.leaf], isStandard: route.isStandard, effects: route.effects, warnings: [...new Set(route.warnings)] });
    }
  }
  return groups;
}

function defaultProsody(profile: VoiceProfile): SsmlElement[] {
  const position = { offset: 0, line: 1, column: 1 };
  const attributes = Object.entries(profile.prosody ?? {}).flatMap(([name, value]) => (typeof value === 'string' ? [{ name, value, position }] : []));
  return attributes.length === 0 ? [] : [{ kind: 'element', name: 'prosody', attributes, children: [], position }];
}

function assertSegmentsValid(segments: readonly CompiledSegment[]): void {
  for (const segment of segments) {
    const result = validateSsml(segment.ssml, { engine: segment.engine, voiceId: segment.voiceId });
    if (!result.ok) {
      const diagnostics = result.diagnostics.filter((d) => d.severity === 'error');
      throw speechError(SPEECH_ERROR_CODES.invalidSsml, 'the script cannot be compiled for its engine', { diagnostics });
    }
  }
}
