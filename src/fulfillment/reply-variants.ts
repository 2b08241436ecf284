/**
 * Bandit-selected replies: for an intent with a brand-voice script (ssml/scripts), the variants
 * whose variables the handler supplied become the bandit's actions, the context comes from the
 * hello (device, geo, promo) and the customer's profile, and the chosen variant renders the reply's
 * text and SSML (every value escaped by the template). Client events about the reply (thumbs,
 * clicks, purchases) become the decision's reward, less the cost of speaking it when configured:
 * the characters it bills, times the odds that its audio is not already cached.
 */
import type { Bandit, DecideResponse, FeatureSet, RewardOutcome } from '../bandit/index.js';
import { parseSsml, renderVariantIfSupplied, textOf, type BrandScript, type ScriptVariant, type TemplateVariables } from '../speech/index.js';
import type { Customer, CustomerRepository } from '../store/port.js';
import type { ClientContext, EventKind, EventRequest, Identity, ReplyDecision, ReplySpeech } from './port.js';
import type { SpeechCacheOdds } from './speech-cache-odds.js';

/** What a handler hands over to be said with a script: the intent's script and its variables. */
export interface ScriptedReply {
  intent: string;
  variables: TemplateVariables;
  /**
   * The customer's profile when whoever wrote the reply already read it this turn (null: no
   * profile, or it could not be read), so the bandit's context does not read it again.
   */
  customer?: Customer | null;
}

export interface SpokenVariant {
  /** The rendered variant's words: the reply text. */
  text: string;
  speech: ReplySpeech;
  /** Absent when only one variant could be said (nothing to choose). */
  decision?: ReplyDecision;
}

/** The bandit operations replies need; LoggedBandit has them. */
export interface VariantBandit extends Pick<Bandit, 'decide' | 'reward'> {
  lookup(eventId: string, scope?: string): Promise<{ chosenActionId: string; actions: Array<{ id: string; featuresJson: string }> } | null>;
}

export interface ReplyVariantsDeps {
  bandit: VariantBandit;
  scripts: readonly BrandScript[];
  /** Voice profile (ssml/voices) the SSML is written for. */
  voiceProfile: string;
  customers?: Pick<CustomerRepository, 'get'>;
  /** Reward lost per 1,000 characters billed for speaking the variant (0: cost ignored). */
  costPerThousandChars: number;
  /** How likely each variant's audio is cached (none: every character is billed). */
  cacheOdds?: Pick<SpeechCacheOdds, 'likelihood'>;
  /** A failed decision or profile read: the reply is still given, with the handler's own words. */
  onError?: (error: unknown, what: string) => void;
}

/** Prefix of the decision ids replies carry, so an event's eventId tells whether it is about one. */
export const DECISION_ID_PREFIX = 'bd-';

/** Reward of each client event kind about a reply (before the speaking cost). */
export const REWARD_BY_KIND: Readonly<Record<EventKind, number>> = {
  'thumbs-up': 1,
  'thumbs-down': 0,
  click: 0.5,
  'add-to-cart': 0.75,
  purchase: 1,
};

const XML_ENTITY = /&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

/**
 * Character count Polly bills for an SSML document: its text, tags excluded. Counted without an
 * XML parse (it ran for every variant of every reply): a rendered script is well-formed, values
 * escaped, with no comments or CDATA, so its text is what lies between tags, entities as one
 * character each (a numeric one above U+FFFF as two, as `length` counts).
 */
export function billedCharacters(ssml: string): number {
  const text = ssml.replace(/<[^>]*>/g, '');
  let length = text.length;
  for (const entity of text.matchAll(XML_ENTITY)) {
    const code = entity[0].startsWith('&#x') ? Number.parseInt(entity[0].slice(3), 16) : entity[0].startsWith('&#') ? Number(entity[0].slice(2, -1)) : 0;
    length -= entity[0].length - (code > 0xffff ? 2 : 1);
  }
  return length;
}

export class ReplyVariants {
  readonly #deps: ReplyVariantsDeps;
  readonly #scripts: ReadonlyMap<string, BrandScript>;

  constructor(deps: ReplyVariantsDeps) {
    this.#deps = deps;
    this.#scripts = new Map(deps.scripts.map((script) => [script.intent, script]));
  }

  /** The chosen variant, rendered; undefined when the intent has no script or nothing could be chosen. */
  async render(reply: ScriptedReply, who: { identity: Identity; sessionId: string; context: ClientContext }): Promise<SpokenVariant | undefined> {
    const script = this.#scripts.get(reply.intent);
    if (script === undefined) return undefined;
    const rendered = renderable(script.variants, reply.variables);
    if (rendered.length === 0) return undefined;
    const only = rendered.length === 1 ? rendered[0] : undefined;
    // One variant leaves nothing to choose or learn: it is said without a decision.
    if (only !== undefined) return { text: spokenText(only.ssml), speech: { ssml: only.ssml, voiceProfile: this.#deps.voiceProfile } };
    let decision: DecideResponse;
    try {
      decision = await this.#deps.bandit.decide({
        contextFeatures: await this.#context(who.identity, who.context, reply.customer),
        actions: rendered.map(({ variant, ssml }) => ({ id: variant.id, features: variantFeatures(reply.intent, variant, ssml, this.#deps.cacheOdds) })),
        scope: who.sessionId,
      });
    } catch (error) {
      this.#deps.onError?.(error, 'bandit decide');
      return undefined;
    }
    const chosen = rendered.find((r) => r.variant.id === decision.actionId) ?? rendered[0];
    if (chosen === undefined) return undefined;
    return {
      text: spokenText(chosen.ssml),
      speech: { ssml: chosen.ssml, voiceProfile: this.#deps.voiceProfile },
      decision: { eventId: decision.eventId, variant: chosen.variant.id, probability: decision.probability },
    };
  }

  /**
   * Joins a client event about a reply to the reply's decision. Undefined when the event names no
   * decision. Errors: PARLEY_BANDIT_EVENT_UNKNOWN (unknown, or another session's), _EXPIRED.
   */
  async reward(request: EventRequest): Promise<RewardOutcome | undefined> {
    const eventId = request.event.eventId;
    if (eventId === undefined || !eventId.startsWith(DECISION_ID_PREFIX)) return undefined;
    const base = REWARD_BY_KIND[request.event.kind];
    const value = Math.min(1, Math.max(0, base - this.#cost(await this.#deps.bandit.lookup(eventId, request.sessionId))));
    return this.#deps.bandit.reward({ eventId, value, scope: request.sessionId });
  }

  /**
   * A reward the client scored itself (`reward.send`): 0..1, less the speaking cost. Errors:
   * PARLEY_BANDIT_REWARD_INVALID (not a finite number in 0..1: checked before the cost, and
   * recorded), PARLEY_BANDIT_EVENT_UNKNOWN, PARLEY_BANDIT_EVENT_EXPIRED.
   */
  async rewardValue(request: { eventId: string; value: number; sessionId: string }): Promise<RewardOutcome> {
    const { eventId, value, sessionId } = request;
    // An out-of-range value goes to the bandit as sent, so it is refused and recorded there.
    if (!(Number.isFinite(value) && value >= 0 && value <= 1)) return this.#deps.bandit.reward({ eventId, value, scope: sessionId });
    const cost = this.#cost(await this.#deps.bandit.lookup(eventId, sessionId));
    return this.#deps.bandit.reward({ eventId, value: Math.min(1, Math.max(0, value - cost)), scope: sessionId });
  }

  /** The cost as the decision logged it (characters and cache odds of that moment), so a replay agrees. */
  #cost(decision: Awaited<ReturnType<VariantBandit['lookup']>>): number {
    const weight = this.#deps.costPerThousandChars;
    if (weight === 0 || decision === null) return 0;
    const action = decision.actions.find((a) => a.id === decision.chosenActionId);
    const features = action === undefined ? [] : (JSON.parse(action.featuresJson) as Array<Record<string, unknown>>);
    const logged = (name: string): number | undefined => features.map((f) => f[name]).find((v): v is number => typeof v === 'number');
    // Decisions logged before the cache odds existed count every character as billed.
    const uncached = 1 - Math.min(1, Math.max(0, logged('_cacheHit') ?? 0));
    return (weight * (logged('_billedChars') ?? 0) * uncached) / 1000;
  }

  async #context(identity: Identity, context: ClientContext, read: Customer | null | undefined): Promise<FeatureSet> {
    const client: Record<string, string> = { device: context.device ?? 'unknown', country: context.geo?.country ?? 'unknown', promo: context.promo ?? 'none' };
    let customer: Customer | null = read ?? null;
    if (read === undefined && !identity.anonymous && this.#deps.customers !== undefined) {
      try {
        customer = await this.#deps.customers.get(identity.userId);
      } catch (error) {
        this.#deps.onError?.(error, 'customer profile');
      }
    }
    const profile: Record<string, string | boolean> =
      customer === null
        ? { known: false }
        : { known: true, tier: customer.loyaltyTier, usualDevice: customer.usualDevice, country: customer.geo.country, consent: customer.marketingConsent };
    return [{ client }, { profile }];
  }
}

/** Variants whose every variable was supplied, rendered; a variant that cannot render is left out. */
function renderable(variants: readonly ScriptVariant[], variables: TemplateVariables): Array<{ variant: ScriptVariant; ssml: string }> {
  const out: Array<{ variant: ScriptVariant; ssml: string }> = [];
  for (const variant of variants) {
    // A variable the handler could not supply (e.g. no delivery date): this variant cannot be said.
    try {
      const ssml = renderVariantIfSupplied(variant, variables);
      if (ssml !== undefined) out.push({ variant, ssml });
    } catch {
      // Supplied, but not as the template needs it (a field of a record, a list for a section).
    }
  }
  return out;
}

/**
 * Features the learner sees; `_billedChars` and `_cacheHit` (names with `_` are ignored by the
 * learner) keep the speaking cost on the log.
 */
function variantFeatures(intent: string, variant: ScriptVariant, ssml: string, odds: ReplyVariantsDeps['cacheOdds']): FeatureSet {
  const cost: Record<string, number> = { _billedChars: billedCharacters(ssml) };
  if (odds !== undefined) cost['_cacheHit'] = Math.round(odds.likelihood(intent, variant.id) * 1000) / 1000;
  return [{ variant: { intent, wording: variant.wording, length: variant.length, style: variant.style } }, cost];
}

const SAY_AS_DATE = /<say-as interpret-as="date" format="yyyymmdd">(\d{4})(\d{2})(\d{2})<\/say-as>/g;
/** Ends of sentences and paragraphs, and breaks: a text client needs a space where the voice pauses. */
const SPOKEN_BOUNDARY = /<\/(?:s|p)>|<break\b[^>]*\/>/g;
const DAY = new Intl.DateTimeFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** The words a text client shows: dates the voice reads from yyyymmdd are written out. */
function spokenText(ssml: string): string {
  const written = ssml
    .replace(SAY_AS_DATE, (_, y: string, m: string, d: string) => DAY.format(new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))))
    .replace(SPOKEN_BOUNDARY, '$& ');
  const parsed = parseSsml(written);
  return (parsed.ok ? textOf(parsed.root) : '').replace(/\s+/g, ' ').trim();
}
