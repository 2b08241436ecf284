/**
 * Fills the slots of a recognized intent from one utterance. Candidates of every slot compete for
 * the words: the carrier phrases of the sample utterances decide which slot a value belongs to
 * ("under 100" -> MaxPrice), the slot being elicited wins ties, and no two slots share a word.
 */
import type { BotLocaleDefinition, IntentDefinition, SlotDefinition } from './bot-model.js';
import { NUMBER_CUE_GROUPS } from './builtin-words.js';
import { extractCandidates, spanText, type SlotCandidate } from './slot-extractors.js';
import { taggerAgrees, taggerAllows, taggerAllowsFreeText, taggerCandidates, taggerRole, type TaggerRole } from './slot-tagger-candidates.js';
import { LocaleSlotTagger } from './slot-tagger-locale.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import type { Slot } from '../port.js';
import type { Token } from './text-normalize.js';
import { parseTemplate, slotContexts, type SlotContext, type UtteranceTemplate } from './utterance-templates.js';
import type { LocalNow } from './zoned-clock.js';

export interface FillInput {
  text: string;
  tokens: readonly Token[];
  now: LocalNow;
  /** The slot the bot just asked for, if any. */
  elicitingSlot?: string;
}

interface SlotPlan {
  slot: SlotDefinition;
  contexts: SlotContext[];
  elicitationContexts: SlotContext[];
  /** True when every carrier around this slot has a cue word: then a cue is required. */
  needsCue: boolean;
  /** The cue phrases of all carriers before / after the slot, expanded by cue group, once per bot. */
  cuesBefore: Set<string>;
  cuesAfter: Set<string>;
  taggerRole: TaggerRole;
}

interface Scored {
  plan: SlotPlan;
  candidate: SlotCandidate;
  score: number;
}

/**
 * A tagged span found by no matcher beats a guess from carrier words (0.x) but yields to a listed
 * value or a parsed number or date of another slot (1 and up): the list is the bot's own word.
 */
const TAGGER_SCORE = 0.9;
/** Added when the tagger put this slot on exactly the words a matcher or parser found. */
const TAGGER_AGREEMENT = 2;

export class SlotFiller {
  private readonly registry: SlotTypeRegistry;
  private readonly plans = new Map<string, SlotPlan[]>();
  private readonly tagger: LocaleSlotTagger;

  /** Without a tagger, one is trained here from the locale (the engine passes the one it trained). */
  constructor(locale: BotLocaleDefinition, registry: SlotTypeRegistry, tagger?: LocaleSlotTagger) {
    this.registry = registry;
    this.tagger = tagger ?? new LocaleSlotTagger(locale, registry, { seed: 'parley' });
    for (const intent of locale.intents) this.plans.set(intent.name, planIntent(intent, registry));
  }

  /** The tagger's reading score of the utterance as this intent's (LocaleSlotTagger.readingScore). */
  readingScore(tokens: readonly Token[], intentName: string): number | undefined {
    return this.tagger.readingScore(tokens, intentName);
  }

  /** The slots found in the utterance (only those), as Lex slot objects. */
  fill(intentName: string, input: FillInput): Record<string, Slot> {
    const plans = this.plans.get(intentName) ?? [];
    const scored: Scored[] = [];
    const tagged = plans.length > 0 ? this.tagger.spans(input.tokens, intentName) : [];
    for (const plan of plans) {
      const isElicited = plan.slot.name === input.elicitingSlot;
      const taggerDecides = plan.taggerRole === 'open' && !isElicited;
      const candidates = extractCandidates(plan.slot, this.registry, {
        tokens: input.tokens, text: input.text, now: input.now, contexts: plan.contexts, elicitationContexts: plan.elicitationContexts, isElicited,
        wantsFreeText: !taggerDecides || taggerAllowsFreeText(plan.slot.name, tagged),
      });
      const kept = taggerDecides ? candidates.filter((c) => taggerAllows(plan.slot.name, c, tagged)) : candidates;
      for (const candidate of kept) {
        const cue = cueScore(input.tokens, candidate, plan);
        if (plan.needsCue && cue === 0 && !isElicited) continue;
        const length = candidate.endToken - candidate.startToken;
        // Free text was found by a carrier already, so it gets no cue bonus: any vocabulary match
        // for another slot on the same words wins ("any trainers" is a category, not a brand).
        const evidence = candidate.isFreeText ? 0 : 1 + cue * 2;
        const agreement = taggerAgrees(plan.slot.name, candidate, tagged) ? TAGGER_AGREEMENT : 0;
        const score = evidence + agreement + (isElicited ? 3 : 0) + Math.min(length, 5) * 0.1;
        scored.push({ plan, candidate, score });
      }
      // The tagger covers what no matcher or parser found: open-vocabulary values by their context.
      // An answer to this slot's own prompt is taken as given, so the tagger does not trim it.
      const extra = isElicited && candidates.length > 0 ? [] : taggerCandidates(plan.slot, plan.taggerRole, this.registry, tagged, input);
      for (const candidate of extra) {
        if (kept.some((c) => c.startToken === candidate.startToken && c.endToken === candidate.endToken)) continue;
        const score = TAGGER_SCORE + (isElicited ? 3 : 0) + Math.min(candidate.endToken - candidate.startToken, 5) * 0.1;
        scored.push({ plan, candidate, score });
      }
    }
    return assign(scored, input);
  }
}

function planIntent(intent: IntentDefinition, registry: SlotTypeRegistry): SlotPlan[] {
  const templates: UtteranceTemplate[] = intent.sampleUtterances.map(parseTemplate);
  return intent.slots.map((slot) => {
    const contexts = distinct(slotContexts(templates, slot.name));
    const elicitationContexts = distinct(slotContexts(slot.sampleUtterances.map(parseTemplate), slot.name));
    // Numbers turn up everywhere ("2 jackets", "size 10"), so a number slot whose every carrier has
    // a price/quantity cue only takes a number that has one too.
    const isNumber = registry.baseTypeOf(slot.slotTypeName) === 'AMAZON.Number';
    const needsCue = isNumber && contexts.length > 0 && contexts.every(hasGroupCue);
    const cuesBefore = new Set(contexts.flatMap((c) => [...expandCues(c.before)]));
    const cuesAfter = new Set(contexts.flatMap((c) => [...expandCues(c.after)]));
    // Countries and cities come from the bundled gazetteer, a closed list: the tagger confirms
    // which slot a listed place fills but never invents one (first names stay open).
    const base = registry.baseTypeOf(slot.slotTypeName);
    const role = base === 'AMAZON.Country' || base === 'AMAZON.City' ? 'closed' : taggerRole(slot, registry);
    return { slot, contexts, elicitationContexts, needsCue, cuesBefore, cuesAfter, taggerRole: role };
  });
}

/** Large bots repeat carriers ("play {artist}" hundreds of times); each is matched once. */
function distinct(contexts: SlotContext[]): SlotContext[] {
  const seen = new Map<string, SlotContext>();
  for (const c of contexts) seen.set(`${c.prefix.join(' ')}|${c.suffix.join(' ')}`, c);
  return [...seen.values()];
}

function hasGroupCue(c: SlotContext): boolean {
  const phrases = [c.before.slice(-1), c.before.slice(-2), c.after.slice(0, 1), c.after.slice(0, 2)].map((w) => w.join(' '));
  return phrases.some((p) => NUMBER_CUE_GROUPS.some((g) => g.includes(p)));
}

/** The phrases a carrier stands for: itself plus its cue group ("under" -> "below", "max", ...). */
function expandCues(words: readonly string[]): Set<string> {
  const phrases = new Set<string>();
  const candidates = [words.slice(-1).join(' '), words.slice(-2).join(' '), words.slice(0, 1).join(' '), words.slice(0, 2).join(' ')];
  for (const phrase of candidates) {
    if (!phrase) continue;
    phrases.add(phrase);
    for (const group of NUMBER_CUE_GROUPS) if (group.includes(phrase)) group.forEach((p) => phrases.add(p));
  }
  return phrases;
}

/** 1 when the words around the candidate match a carrier of this slot (or its cue group), else 0. */
function cueScore(tokens: readonly Token[], candidate: SlotCandidate, plan: SlotPlan): number {
  const before1 = tokens[candidate.startToken - 1]?.norm ?? '';
  const before2 = tokens.slice(Math.max(0, candidate.startToken - 2), candidate.startToken).map((t) => t.norm).join(' ');
  const after1 = tokens[candidate.endToken]?.norm ?? '';
  const after2 = tokens.slice(candidate.endToken, candidate.endToken + 2).map((t) => t.norm).join(' ');
  const leadsWithCurrency = /^[$\u20ac\u00a3]$/.test(tokens[candidate.startToken]?.norm ?? '');
  const { cuesBefore: before, cuesAfter: after } = plan;
  if ((before1 && before.has(before1)) || (before2 && before.has(before2))) return 1;
  if ((after1 && after.has(after1)) || (after2 && after.has(after2))) return 1;
  if (leadsWithCurrency && after.has('$')) return 1;
  return 0;
}

function assign(scored: Scored[], input: FillInput): Record<string, Slot> {
  scored.sort((a, b) => b.score - a.score || a.candidate.startToken - b.candidate.startToken);
  const taken = new Array<boolean>(input.tokens.length).fill(false);
  const chosen = new Map<string, SlotCandidate[]>();
  for (const { plan, candidate } of scored) {
    const list = chosen.get(plan.slot.name) ?? [];
    if (list.length > 0 && !plan.slot.allowMultipleValues) continue;
    let free = true;
    for (let i = candidate.startToken; i < candidate.endToken; i += 1) if (taken[i]) free = false;
    if (!free) continue;
    for (let i = candidate.startToken; i < candidate.endToken; i += 1) taken[i] = true;
    list.push(candidate);
    chosen.set(plan.slot.name, list);
  }
  const slots: Record<string, Slot> = {};
  for (const [name, list] of chosen) slots[name] = toSlot(list, input);
  return slots;
}

function toSlot(list: SlotCandidate[], input: FillInput): Slot {
  const ordered = [...list].sort((a, b) => a.startToken - b.startToken);
  const scalars: Slot[] = ordered.map((c) => ({
    shape: 'Scalar',
    value: { originalValue: spanText(input, c), interpretedValue: c.interpretedValue, resolvedValues: c.resolvedValues },
  }));
  if (scalars.length === 1) return scalars[0] as Slot;
  const joined = ordered.map((c) => c.interpretedValue).join(', ');
  return { shape: 'List', value: { originalValue: ordered.map((c) => spanText(input, c)).join(', '), interpretedValue: joined, resolvedValues: [] }, values: scalars };
}
