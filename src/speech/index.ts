/**
 * The speech area's public names. Other areas import only this file or port.ts.
 *
 * - The port (`SpeechSynthesizer`, `SynthesizeRequest`): shaped like Polly's SynthesizeSpeech.
 * - Request checks (`validateRequest`): Polly's rules for voice, engine, format, sample rate,
 *   marks and lexicon names, each failure a `PARLEY_SPEECH_*` ValidationError.
 * - The SSML toolkit: `parseSsml`, `validateSsml` (per engine, with line and column), `lintSsml`,
 *   `compileSsml` (per voice profile effect policy), `splitSsml` (Polly's 3,000 billed / 6,000
 *   total characters), `renderTemplate` (every value escaped) and PLS lexicons.
 * - Brand assets (`loadBrandAssets`): ssml/voices, ssml/scripts, ssml/lexicons.
 * - `LocalTts`: the local synthesizer (eSpeak NG WebAssembly, loaded on first use), Polly's contract.
 * - `createSpeechSynthesizer(config.speech, deps)`: the configured engine, checked and splitting.
 * Nothing here does I/O at import time; none of it throws except where documented.
 */
import type { SpeechConfig } from '../config.js';
import { CheckedSynthesizer } from './checked-synthesizer.js';
import { LocalTts } from './local-tts.js';
import type { PollyTts, PollyTtsOptions } from './polly-tts.js';
import type { SpeechSynthesizer } from './port.js';
import { SplittingSynthesizer } from './splitting-synthesizer.js';
import type { Lexicon } from './ssml/lexicon.js';

export type { OutputFormat, SpeechEngine, SpeechMarkType, SpeechSynthesizer, SynthesisResult, SynthesizeRequest, TextType } from './port.js';
export { CONTENT_TYPES, OUTPUT_FORMATS, SPEECH_ENGINES, SPEECH_MARK_TYPES, isSpeechEngine } from './port.js';
export { POLLY_ERROR_MAP, SPEECH_ERROR_CODES, speechError, speechErrorFromPolly, type SpeechErrorCode } from './errors.js';
export { findVoice, listVoices, voiceSpeaks, type VoiceInfo } from './voices.js';
export { mp3FrameAt, mp3FrameGain, type Mp3Frame } from './mp3-frame.js';
export { LEXICON_NAME_PATTERN, MAX_LEXICONS_PER_REQUEST, SAMPLE_RATES, defaultSampleRate, validateRequest, type NormalizedRequest } from './request-validation.js';
export { checkRequestText } from './request-text.js';
export { CheckedSynthesizer } from './checked-synthesizer.js';
export { SplittingSynthesizer, splitRequest } from './splitting-synthesizer.js';
export { LocalTts, type LocalTtsOptions } from './local-tts.js';
export { localPhonemeWarnings } from './local/phoneme-check.js';
export type { LexiconSummary, PollyTts, PollyTtsOptions } from './polly-tts.js';
export { EFFECT_POLICIES, parseVoiceProfile, type EffectPolicy, type VoiceProfile } from './profile.js';
export { exampleVariables, parseBrandScript, personalVariables, renderVariant, renderVariantIfSupplied, type BrandScript, type ScriptVariant } from './brand-script.js';
export { loadBrandAssets, type BrandAssets } from './brand-assets.js';
export { parseSsml, type ParseResult, type SsmlDiagnostic } from './ssml/parse.js';
export type { SourcePosition, SsmlAttribute, SsmlElement, SsmlNode, SsmlText } from './ssml/tree.js';
export { validateSsml, type ValidateOptions, type ValidationResult } from './ssml/validate.js';
export { lintSsml, LONG_BREAK_MS, type LintOptions } from './ssml/lint.js';
export { compileSsml, type CompileResult, type CompiledSegment, type LocalEffect } from './ssml/compile.js';
export { POLLY_LIMITS, splitSentences, splitSsml, type SplitLimits, type SsmlPiece } from './ssml/split.js';
export { splitPhrases } from './ssml/phrases.js';
export { escapeXml } from './ssml/escape.js';
export { renderTemplate, renderTemplateIfSupplied, templateValueSpans, templateVariables, type TemplateValue, type TemplateValueSpan, type TemplateVariables } from './ssml/template.js';
export { textOf } from './ssml/tree.js';
export { ELEMENT_RULES, FEATURE_RULES, MAX_BREAK_MS, type EffectKind, type Support } from './ssml/rules.js';
export { LEXICON_LIMITS, applyLexiconAliases, checkLexicon, lexiconApplies, loadLexicon, type Lexeme, type Lexicon, type LexiconCheck } from './ssml/lexicon.js';

/**
 * The Amazon Polly adapter (SynthesizeSpeech streamed, DescribeVoices, PutLexicon, ListLexicons),
 * with one reused client. Loaded on call so the AWS SDK stays out of start-up when speech is local.
 * Throws nothing itself; calls reject with PARLEY_SPEECH_* errors (throttling retried first).
 */
export async function createPollyTts(options: PollyTtsOptions): Promise<PollyTts> {
  const { PollyTts } = await import('./polly-tts.js');
  return new PollyTts(options);
}

/**
 * The speech port for the configured engine (PARLEY_SPEECH): the local eSpeak NG synthesizer or
 * Polly, wrapped so that requests are checked the way Polly checks them and over-long text is split.
 * `lexicons` are the local synthesizer's (Polly uses deployed ones). Starts nothing until first use.
 */
export async function createSpeechSynthesizer(config: Readonly<SpeechConfig>, deps: { lexicons?: ReadonlyMap<string, Lexicon> } = {}): Promise<SpeechSynthesizer> {
  const adapter = config.engine === 'polly' ? await createPollyTts(config.polly) : new LocalTts(deps.lexicons === undefined ? {} : { lexicons: deps.lexicons });
  return new SplittingSynthesizer(new CheckedSynthesizer(adapter));
}
