/**
 * The one reader of process.env. Every value is parsed and checked here, every problem is
 * collected, and the result is frozen. Areas receive their slice, never the environment.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface SiteConfig {
  /** Public key the widget sends in its hello. */
  siteKey: string;
  /** Origins allowed to open a socket with this key; '*' allows any. A missing Origin (kiosk, CLI) is allowed only when `allowNoOrigin`. */
  allowedOrigins: string[];
  allowNoOrigin: boolean;
  allowAnonymous: boolean;
  /** How user tokens (JWT) of this site are verified. */
  jwt?: { hs256Secret?: string; publicKeyPem?: string; issuer?: string; audience?: string };
}

export interface Config {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Every file the service writes lives under here (database files, caches, logs). */
  dataDir: string;
  /** Where tools installed on first use (FerretDB) live. */
  toolsDir: string;
  /** The embedded FerretDB's SQLite synchronous mode (PARLEY_EMBEDDED_DB_SYNC). */
  embeddedDbSync: 'normal' | 'full';
  mongo: {
    /** Unset: an embedded FerretDB is started. */
    uri?: string;
    dbName: string;
  };
  bot: { dir: string; localeId: string };
  sites: SiteConfig[];
  limits: {
    maxMessageBytes: number;
    maxTextChars: number;
    /** Token bucket per connection. */
    messagesPerSecond: number;
    messageBurst: number;
    maxConnections: number;
    /** Time a client has to send hello. */
    helloTimeoutMs: number;
    /** One spoken utterance (turn.audio.begin ... end): length and bytes, whichever comes first. */
    maxAudioMs: number;
    maxAudioBytes: number;
    /** An open spoken turn with no frame for this long is closed with an error (PARLEY_AUDIO_IDLE_MS). */
    audioIdleMs: number;
  };
  seed: { seed: number; onStart: boolean; customers: number; items: number };
  shutdownGraceMs: number;
  /**
   * HMAC key (PARLEY_SESSION_SECRET, at least 32 characters) that signs the resume tokens of
   * anonymous sessions. Unset: the gateway draws a random key per process, so anonymous sessions
   * cannot be resumed across a restart or on another instance.
   */
  sessionSecret?: string;
  /** How long expired sessions' transcripts are kept, and how often they are swept (docs/storage.md). */
  sessionRetention: {
    /** After its latest turn expired (PARLEY_SESSION_RETENTION_DAYS; 0 keeps them forever). */
    retentionMs: number;
    /** PARLEY_SESSION_SWEEP_MINUTES. */
    sweepMs: number;
  };
  /** Recommendations (docs/recommendations.md). */
  recommender: RecommenderSettings;
  /** Which engine understands the customer (PARLEY_CONVERSATION). */
  conversation: ConversationConfig;
  /** Serve the local engine at the Lex V2 runtime REST paths (PARLEY_LEX_EMULATOR). */
  lexEmulator: { enabled: boolean };
  /** Serve the local synthesizer at Amazon Polly's REST paths (PARLEY_POLLY_EMULATOR). */
  pollyEmulator: { enabled: boolean };
  /** Which engine speaks replies (PARLEY_SPEECH) and how Polly is reached. */
  speech: SpeechConfig;
  /** How kiosk audio is recognized when the local engine answers (PARLEY_RECOGNIZER). */
  speechInput: SpeechInputConfig;
  /** Spoken replies over the WebSocket (docs/protocol.md, "Audio"). */
  replyAudio: ReplyAudioConfig;
  /** The audio cache in front of the speech engine (docs/audio-cache.md). */
  audioCache: AudioCacheConfig;
  /** Bandit-selected reply variants (docs/bandit.md). */
  bandit: BanditSettings;
}

export interface BanditSettings {
  /** Choose reply variants with the bandit (PARLEY_BANDIT_REPLIES). */
  enabled: boolean;
  /** The learner's name in the decision log and snapshots (PARLEY_BANDIT_MODEL). */
  model: string;
  /** Reward window after a decision (PARLEY_BANDIT_REWARD_WAIT_SECONDS). */
  rewardWaitMs: number;
  /** Reward learned when none arrives in the window, 0..1 (PARLEY_BANDIT_DEFAULT_REWARD_PERCENT / 100). */
  defaultReward: number;
  /** Reward lost per 1,000 characters the variant is expected to bill, cache hits aside (PARLEY_BANDIT_SPEECH_COST_PERCENT / 100). */
  speechCostPerThousandChars: number;
  /** How often windows are closed and other nodes' learning is pulled in (PARLEY_BANDIT_SWEEP_MS). */
  sweepMs: number;
  /** Learned decisions between model snapshots (PARLEY_BANDIT_SNAPSHOT_EVERY). */
  snapshotEvery: number;
}

export interface ReplyAudioConfig {
  /** The brand voice folder: voices/, scripts/, lexicons/ (PARLEY_BRAND_DIR). */
  brandDir: string;
  /** Voice profile (ssml/voices/<name>.json) for replies that carry no SSML of their own. */
  voiceProfile: string;
  /** Sentences synthesized ahead of the one being sent. */
  lookahead: number;
  /** Sending pauses while the socket has more than this many bytes buffered. */
  highWaterBytes: number;
  /** Audio is sent at most this far ahead of real time (a barge-in then saves the rest). */
  leadMs: number;
  /** On shutdown, how long to wait for playback records still being written (PARLEY_PLAYBACK_DRAIN_MS). */
  playbackDrainMs: number;
}

export interface AudioCacheConfig {
  /** Bound of the in-process tier (PARLEY_AUDIO_CACHE_MEMORY_BYTES). */
  memoryBytes: number;
  /** The persistent tier: a disk folder (default), S3, or none (PARLEY_AUDIO_CACHE_STORE). */
  store: 'disk' | 's3' | 'none';
  /** The disk tier's folder (PARLEY_AUDIO_CACHE_DIR, default <data dir>/audio-cache) and size cap. */
  dir: string;
  diskBytes: number;
  s3: { bucket?: string; prefix: string; region: string; endpoint?: string };
  /** Most requests waiting per engine for an origin call (PARLEY_AUDIO_CACHE_QUEUE). */
  queue: number;
  /** Origin calls per second and burst per engine (Polly's default quotas). */
  quotas: Record<'standard' | 'neural' | 'long-form' | 'generative', { ratePerSecond: number; burst: number }>;
  /** POST /v1/audio per signed-in user: requests per minute and burst (PARLEY_AUDIO_POST_PER_MINUTE, _BURST). */
  postLimit: { perMinute: number; burst: number };
}

export interface SpeechInputConfig {
  /** `none` answers audio turns with PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE. */
  recognizer: 'pocketsphinx' | 'none';
  pocketsphinx: {
    /** The program (PARLEY_POCKETSPHINX_COMMAND). */
    command: string;
    /** Holds en-us/ and cmudict-en-us.dict (PARLEY_POCKETSPHINX_MODEL_DIR). */
    modelDir: string;
  };
  /** Generated language model and dictionary: <data dir>/recognizer. */
  workDir: string;
  timeoutMs: number;
  /** Recognizer processes at once. */
  maxConcurrent: number;
}

export interface SpeechConfig {
  engine: 'local' | 'polly';
  polly: {
    region: string;
    /** Overrides the regional endpoint (VPC endpoint, or Parley's Polly emulator). */
    endpoint?: string;
    timeoutMs: number;
    maxAttempts: number;
  };
}

export interface LexConfig {
  /** 10 characters of [0-9a-zA-Z]. */
  botId: string;
  /** 10 characters of [0-9a-zA-Z] (TSTALIASID is the draft alias). */
  botAliasId: string;
  localeId: string;
  region: string;
  /** Overrides the regional endpoint (VPC endpoint, or a Parley Lex emulator). */
  endpoint?: string;
  /** Per attempt. */
  timeoutMs: number;
  maxAttempts: number;
  /** Answer from the local engine (same bot) while Lex is unavailable. */
  fallback: 'local' | 'none';
}

export interface ConversationConfig {
  engine: 'local' | 'lex';
  /** Present when engine is 'lex'. */
  lex?: LexConfig;
}

export interface RecommenderSettings {
  /** PARLEY_RECOMMENDER: the in-process engine, or Amazon Personalize. */
  engine: 'local' | 'personalize';
  /** Local engine: share (0-1) of each list given to little-seen items (PARLEY_RECOMMEND_EXPLORATION_PERCENT). */
  explorationWeight: number;
  /** Local engine: worker threads for ALS training at start; 0 trains on the main thread. */
  trainWorkers: number;
  /** Local engine: how often (ms) to look for a newer model from `parley rec train` (PARLEY_RECOMMEND_MODEL_POLL_MS; 0: never). */
  modelPollMs: number;
  /** Serve Personalize's REST paths from this service (PARLEY_PERSONALIZE_EMULATOR): tests and demos. */
  emulator: boolean;
  personalize: {
    region: string;
    /** Endpoint override for both the runtime and events clients (e.g. the emulator). */
    endpoint?: string;
    campaignArn?: string;
    recommenderArn?: string;
    /** Campaign for GetPersonalizedRanking (a Personalized-Ranking solution). */
    rankingCampaignArn?: string;
    /** Filter name (see recommend's SLOT_FILTERS) or expression -> filter ARN. */
    filterArns: Record<string, string>;
    trackingId?: string;
    itemsDatasetArn?: string;
    usersDatasetArn?: string;
    timeoutMs: number;
    maxAttempts: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? fallback : raw;
  }

  optional(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw.trim())) {
      this.problems.push(`${name}=${JSON.stringify(raw)} is not a whole number`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      this.problems.push(`${name}=${raw} is out of range (${min}..${max})`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name}=${JSON.stringify(this.env[name])} is not a boolean (true/false)`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}=${JSON.stringify(raw)} must be one of ${allowed.join(', ')}`);
    return fallback;
  }
}

export const DEMO_SITE_KEY = 'demo-site';

const LEX_ID = /^[0-9a-zA-Z]{10}$/;

function readAudioCache(r: Reader, dataDir: string, cwd: string): AudioCacheConfig {
  const store = r.oneOf('PARLEY_AUDIO_CACHE_STORE', 'disk', ['disk', 's3', 'none'] as const);
  const bucket = r.optional('PARLEY_AUDIO_CACHE_S3_BUCKET');
  if (store === 's3' && bucket === undefined) r.problems.push('PARLEY_AUDIO_CACHE_STORE=s3 needs PARLEY_AUDIO_CACHE_S3_BUCKET');
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) r.problems.push(`PARLEY_AUDIO_CACHE_S3_BUCKET=${JSON.stringify(bucket)} is not an S3 bucket name`);
  const endpoint = r.optional('PARLEY_AUDIO_CACHE_S3_ENDPOINT');
  if (endpoint !== undefined && !isHttpUrl(endpoint)) r.problems.push(`PARLEY_AUDIO_CACHE_S3_ENDPOINT=${JSON.stringify(endpoint)} must be an http:// or https:// URL`);
  const prefix = r.string('PARLEY_AUDIO_CACHE_S3_PREFIX', 'audio/');
  if (!/^[A-Za-z0-9!_.*'()/-]{0,200}$/.test(prefix)) r.problems.push('PARLEY_AUDIO_CACHE_S3_PREFIX may hold only letters, digits and !_.*\'()/-');
  const quota = (name: string, rate: number, burst: number): { ratePerSecond: number; burst: number } => ({
    ratePerSecond: r.int(`PARLEY_AUDIO_CACHE_${name}_TPS`, rate, 1, 10_000),
    burst: r.int(`PARLEY_AUDIO_CACHE_${name}_BURST`, burst, 1, 10_000),
  });
  const neural = quota('NEURAL', 8, 10);
  return {
    memoryBytes: r.int('PARLEY_AUDIO_CACHE_MEMORY_BYTES', 64 * 1024 * 1024, 1024 * 1024, 2 ** 40),
    store,
    dir: path.resolve(cwd, r.string('PARLEY_AUDIO_CACHE_DIR', path.join(dataDir, 'audio-cache'))),
    diskBytes: r.int('PARLEY_AUDIO_CACHE_DISK_BYTES', 1024 * 1024 * 1024, 1024 * 1024, 2 ** 50),
    s3: { ...(bucket === undefined ? {} : { bucket }), prefix, region: r.string('PARLEY_AUDIO_CACHE_S3_REGION', 'us-east-1'), ...(endpoint === undefined ? {} : { endpoint }) },
    queue: r.int('PARLEY_AUDIO_CACHE_QUEUE', 100, 0, 100_000),
    // long-form and generative share neural's quota settings (Polly: 8 TPS each).
    quotas: { standard: quota('STANDARD', 80, 100), neural, 'long-form': neural, generative: neural },
    postLimit: { perMinute: r.int('PARLEY_AUDIO_POST_PER_MINUTE', 30, 1, 100_000), burst: r.int('PARLEY_AUDIO_POST_BURST', 10, 1, 100_000) },
  };
}

function readSpeechInput(r: Reader, dataDir: string, cwd: string): SpeechInputConfig {
  return {
    recognizer: r.oneOf('PARLEY_RECOGNIZER', 'pocketsphinx', ['pocketsphinx', 'none'] as const),
    pocketsphinx: {
      command: r.string('PARLEY_POCKETSPHINX_COMMAND', 'pocketsphinx_batch'),
      modelDir: path.resolve(cwd, r.string('PARLEY_POCKETSPHINX_MODEL_DIR', '/usr/share/pocketsphinx/model/en-us')),
    },
    workDir: path.join(dataDir, 'recognizer'),
    timeoutMs: r.int('PARLEY_RECOGNIZER_TIMEOUT_MS', 10_000, 500, 120_000),
    maxConcurrent: r.int('PARLEY_RECOGNIZER_CONCURRENCY', 2, 1, 64),
  };
}

function readBandit(r: Reader): BanditSettings {
  const model = r.string('PARLEY_BANDIT_MODEL', 'reply-variants');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(model)) r.problems.push(`PARLEY_BANDIT_MODEL=${JSON.stringify(model)} must be 1-64 characters of [A-Za-z0-9_-]`);
  return {
    // On by default since the turn path's writes were cut down (docs/bandit.md, "Load").
    enabled: r.bool('PARLEY_BANDIT_REPLIES', true),
    model,
    rewardWaitMs: r.int('PARLEY_BANDIT_REWARD_WAIT_SECONDS', 600, 1, 7 * 24 * 3600) * 1000,
    defaultReward: r.int('PARLEY_BANDIT_DEFAULT_REWARD_PERCENT', 0, 0, 100) / 100,
    speechCostPerThousandChars: r.int('PARLEY_BANDIT_SPEECH_COST_PERCENT', 0, 0, 100) / 100,
    sweepMs: r.int('PARLEY_BANDIT_SWEEP_MS', 5000, 100, 3_600_000),
    snapshotEvery: r.int('PARLEY_BANDIT_SNAPSHOT_EVERY', 100, 1, 1_000_000),
  };
}

function readSpeech(r: Reader): SpeechConfig {
  const engine = r.oneOf('PARLEY_SPEECH', 'local', ['local', 'polly'] as const);
  const region = r.string('PARLEY_POLLY_REGION', 'us-east-1');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) r.problems.push(`PARLEY_POLLY_REGION=${JSON.stringify(region)} is not an AWS region (like us-east-1)`);
  const endpoint = r.optional('PARLEY_POLLY_ENDPOINT');
  if (endpoint !== undefined && !isHttpUrl(endpoint)) r.problems.push(`PARLEY_POLLY_ENDPOINT=${JSON.stringify(endpoint)} must be an http:// or https:// URL`);
  const timeoutMs = r.int('PARLEY_POLLY_TIMEOUT_MS', 5000, 100, 60_000);
  const maxAttempts = r.int('PARLEY_POLLY_MAX_ATTEMPTS', 3, 1, 10);
  return { engine, polly: { region, ...(endpoint === undefined ? {} : { endpoint }), timeoutMs, maxAttempts } };
}

function readConversation(r: Reader, botLocaleId: string): ConversationConfig {
  const engine = r.oneOf('PARLEY_CONVERSATION', 'local', ['local', 'lex'] as const);
  // Format checks apply whenever a value is set; presence only matters for the lex engine.
  const id = (name: string): string | undefined => {
    const value = r.optional(name);
    if (value !== undefined && !LEX_ID.test(value)) r.problems.push(`${name}=${JSON.stringify(value)} must be 10 characters of [0-9a-zA-Z]`);
    if (value === undefined && engine === 'lex') r.problems.push(`${name} is required when PARLEY_CONVERSATION=lex`);
    return value;
  };
  const botId = id('PARLEY_LEX_BOT_ID');
  const botAliasId = id('PARLEY_LEX_BOT_ALIAS_ID');
  const localeId = r.string('PARLEY_LEX_LOCALE', botLocaleId);
  if (!/^[a-z]{2}_[A-Z]{2}$/.test(localeId)) r.problems.push(`PARLEY_LEX_LOCALE=${JSON.stringify(localeId)} must look like en_US`);
  const region = r.optional('PARLEY_LEX_REGION');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) r.problems.push(`PARLEY_LEX_REGION=${JSON.stringify(region)} is not an AWS region (like us-east-1)`);
  if (region === undefined && engine === 'lex') r.problems.push('PARLEY_LEX_REGION is required when PARLEY_CONVERSATION=lex');
  const endpoint = r.optional('PARLEY_LEX_ENDPOINT');
  if (endpoint !== undefined && !isHttpUrl(endpoint)) r.problems.push(`PARLEY_LEX_ENDPOINT=${JSON.stringify(endpoint)} must be an http:// or https:// URL`);
  const timeoutMs = r.int('PARLEY_LEX_TIMEOUT_MS', 5000, 100, 60_000);
  const maxAttempts = r.int('PARLEY_LEX_MAX_ATTEMPTS', 3, 1, 10);
  const fallback = r.oneOf('PARLEY_LEX_FALLBACK', 'local', ['local', 'none'] as const);
  if (engine !== 'lex' || botId === undefined || botAliasId === undefined || region === undefined) return { engine };
  return {
    engine,
    lex: { botId, botAliasId, localeId, region, ...(endpoint === undefined ? {} : { endpoint }), timeoutMs, maxAttempts, fallback },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function defaultSites(): SiteConfig[] {
  return [
    {
      siteKey: DEMO_SITE_KEY,
      allowedOrigins: ['http://localhost', 'http://127.0.0.1'],
      allowNoOrigin: true,
      allowAnonymous: true,
    },
  ];
}

function parseSites(text: string, source: string, problems: string[]): SiteConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    problems.push(`${source}: not valid JSON (${(error as Error).message})`);
    return defaultSites();
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${source}: must be a non-empty JSON array of sites`);
    return defaultSites();
  }
  const sites: SiteConfig[] = [];
  raw.forEach((entry: unknown, index) => {
    const at = `${source}[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`${at}: must be an object`);
      return;
    }
    const site = entry as Record<string, unknown>;
    if (typeof site.siteKey !== 'string' || !/^[A-Za-z0-9_-]{3,64}$/.test(site.siteKey)) {
      problems.push(`${at}.siteKey: must be 3-64 characters of [A-Za-z0-9_-]`);
      return;
    }
    const origins = site.allowedOrigins ?? [];
    if (!Array.isArray(origins) || !origins.every((o) => typeof o === 'string')) {
      problems.push(`${at}.allowedOrigins: must be an array of origin strings`);
      return;
    }
    const jwt = site.jwt as SiteConfig['jwt'] | undefined;
    if (jwt !== undefined && (typeof jwt !== 'object' || (!jwt.hs256Secret && !jwt.publicKeyPem))) {
      problems.push(`${at}.jwt: needs hs256Secret or publicKeyPem`);
      return;
    }
    if (jwt?.hs256Secret !== undefined && jwt.hs256Secret.length < 32) {
      problems.push(`${at}.jwt.hs256Secret: must be at least 32 characters`);
      return;
    }
    sites.push({
      siteKey: site.siteKey,
      allowedOrigins: origins as string[],
      allowNoOrigin: site.allowNoOrigin === true,
      allowAnonymous: site.allowAnonymous !== false,
      ...(jwt === undefined ? {} : { jwt }),
    });
  });
  return sites;
}

/** Reads the configuration once. Throws ConfigError naming every bad value. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Readonly<Config> {
  const r = new Reader(env);
  const dataDir = path.resolve(cwd, r.string('PARLEY_DATA_DIR', '.data'));
  const toolsDir = path.resolve(cwd, r.string('PARLEY_TOOLS_DIR', '.tools'));

  let sites = defaultSites();
  const sitesFile = r.optional('PARLEY_SITES_FILE');
  const sitesJson = r.optional('PARLEY_SITES');
  if (sitesFile !== undefined && sitesJson !== undefined) {
    r.problems.push('PARLEY_SITES and PARLEY_SITES_FILE are both set; use one');
  } else if (sitesFile !== undefined) {
    try {
      sites = parseSites(readFileSync(path.resolve(cwd, sitesFile), 'utf8'), `PARLEY_SITES_FILE (${sitesFile})`, r.problems);
    } catch (error) {
      r.problems.push(`PARLEY_SITES_FILE=${sitesFile}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else if (sitesJson !== undefined) {
    sites = parseSites(sitesJson, 'PARLEY_SITES', r.problems);
  }

  const mongoUri = r.optional('MONGODB_URI');
  if (mongoUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongoUri)) {
    r.problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  }

  const sessionSecret = r.optional('PARLEY_SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    r.problems.push('PARLEY_SESSION_SECRET must be at least 32 characters');
  }

  const botLocaleId = r.string('PARLEY_BOT_LOCALE', 'en_US');
  const config: Config = {
    port: r.int('PORT', 8080, 0, 65535),
    host: r.string('HOST', '127.0.0.1'),
    logLevel: r.oneOf('PARLEY_LOG_LEVEL', 'info', LOG_LEVELS),
    dataDir,
    toolsDir,
    embeddedDbSync: r.oneOf('PARLEY_EMBEDDED_DB_SYNC', 'normal', ['normal', 'full'] as const),
    mongo: {
      ...(mongoUri === undefined ? {} : { uri: mongoUri }),
      dbName: r.string('PARLEY_DB_NAME', 'parley'),
    },
    sessionRetention: {
      retentionMs: r.int('PARLEY_SESSION_RETENTION_DAYS', 30, 0, 3650) * 86_400_000,
      sweepMs: r.int('PARLEY_SESSION_SWEEP_MINUTES', 15, 1, 24 * 60) * 60_000,
    },
    bot: {
      dir: path.resolve(cwd, r.string('PARLEY_BOT_DIR', 'bots/ParleyStore')),
      localeId: botLocaleId,
    },
    sites,
    limits: {
      maxMessageBytes: r.int('PARLEY_MAX_MESSAGE_BYTES', 16 * 1024, 256, 16 * 1024 * 1024),
      maxTextChars: r.int('PARLEY_MAX_TEXT_CHARS', 1024, 1, 1024),
      messagesPerSecond: r.int('PARLEY_RATE_PER_SECOND', 10, 1, 10_000),
      messageBurst: r.int('PARLEY_RATE_BURST', 20, 1, 100_000),
      maxConnections: r.int('PARLEY_MAX_CONNECTIONS', 5000, 1, 1_000_000),
      helloTimeoutMs: r.int('PARLEY_HELLO_TIMEOUT_MS', 10_000, 100, 600_000),
      maxAudioMs: r.int('PARLEY_AUDIO_MAX_MS', 15_000, 100, 120_000),
      maxAudioBytes: r.int('PARLEY_AUDIO_MAX_BYTES', 480_000, 3200, 16 * 1024 * 1024),
      audioIdleMs: r.int('PARLEY_AUDIO_IDLE_MS', 5000, 100, 120_000),
    },
    seed: {
      seed: r.int('PARLEY_SEED', 42, 0, 2 ** 31 - 1),
      onStart: r.bool('PARLEY_SEED_ON_START', true),
      customers: r.int('PARLEY_SEED_CUSTOMERS', 3000, 1, 50_000),
      items: r.int('PARLEY_SEED_ITEMS', 3000, 120, 200_000),
    },
    shutdownGraceMs: r.int('PARLEY_SHUTDOWN_GRACE_MS', 5000, 0, 120_000),
    ...(sessionSecret === undefined ? {} : { sessionSecret }),
    recommender: readRecommender(r),
    conversation: readConversation(r, botLocaleId),
    lexEmulator: { enabled: r.bool('PARLEY_LEX_EMULATOR', false) },
    pollyEmulator: { enabled: r.bool('PARLEY_POLLY_EMULATOR', false) },
    speech: readSpeech(r),
    speechInput: readSpeechInput(r, dataDir, cwd),
    audioCache: readAudioCache(r, dataDir, cwd),
    replyAudio: {
      brandDir: path.resolve(cwd, r.string('PARLEY_BRAND_DIR', 'ssml')),
      voiceProfile: r.string('PARLEY_VOICE_PROFILE', 'joanna-neural'),
      lookahead: r.int('PARLEY_AUDIO_LOOKAHEAD', 2, 1, 16),
      highWaterBytes: r.int('PARLEY_AUDIO_HIGH_WATER_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
      leadMs: r.int('PARLEY_AUDIO_LEAD_MS', 1000, 0, 600_000),
      playbackDrainMs: r.int('PARLEY_PLAYBACK_DRAIN_MS', 5000, 0, 120_000),
    },
    bandit: readBandit(r),
  };

  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return Object.freeze(config);
}

function readRecommender(r: Reader): RecommenderSettings {
  const engine = r.oneOf('PARLEY_RECOMMENDER', 'local', ['local', 'personalize'] as const);
  let filterArns: Record<string, string> = {};
  const filtersJson = r.optional('PARLEY_PERSONALIZE_FILTER_ARNS');
  if (filtersJson !== undefined) {
    try {
      const parsed: unknown = JSON.parse(filtersJson);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) throw new Error('shape');
      filterArns = parsed as Record<string, string>;
    } catch {
      r.problems.push('PARLEY_PERSONALIZE_FILTER_ARNS must be a JSON object of filter name -> ARN');
    }
  }
  const optional = (name: string, key: string): Record<string, string> => {
    const value = r.optional(name);
    return value === undefined ? {} : { [key]: value };
  };
  const personalize: RecommenderSettings['personalize'] = {
    region: r.string('PARLEY_PERSONALIZE_REGION', 'us-east-1'),
    ...optional('PARLEY_PERSONALIZE_ENDPOINT', 'endpoint'),
    ...optional('PARLEY_PERSONALIZE_CAMPAIGN_ARN', 'campaignArn'),
    ...optional('PARLEY_PERSONALIZE_RECOMMENDER_ARN', 'recommenderArn'),
    ...optional('PARLEY_PERSONALIZE_RANKING_CAMPAIGN_ARN', 'rankingCampaignArn'),
    ...optional('PARLEY_PERSONALIZE_TRACKING_ID', 'trackingId'),
    ...optional('PARLEY_PERSONALIZE_ITEMS_DATASET_ARN', 'itemsDatasetArn'),
    ...optional('PARLEY_PERSONALIZE_USERS_DATASET_ARN', 'usersDatasetArn'),
    filterArns,
    timeoutMs: r.int('PARLEY_PERSONALIZE_TIMEOUT_MS', 2000, 50, 60_000),
    maxAttempts: r.int('PARLEY_PERSONALIZE_MAX_ATTEMPTS', 3, 1, 10),
  };
  if (engine === 'personalize') {
    if (personalize.campaignArn === undefined && personalize.recommenderArn === undefined) {
      r.problems.push('PARLEY_RECOMMENDER=personalize needs PARLEY_PERSONALIZE_CAMPAIGN_ARN or PARLEY_PERSONALIZE_RECOMMENDER_ARN');
    }
    if (personalize.trackingId === undefined) r.problems.push('PARLEY_RECOMMENDER=personalize needs PARLEY_PERSONALIZE_TRACKING_ID');
  }
  return {
    engine,
    explorationWeight: r.int('PARLEY_RECOMMEND_EXPLORATION_PERCENT', 30, 0, 100) / 100,
    trainWorkers: r.int('PARLEY_RECOMMEND_TRAIN_WORKERS', 2, 0, 64),
    modelPollMs: r.int('PARLEY_RECOMMEND_MODEL_POLL_MS', 30_000, 0, 86_400_000),
    emulator: r.bool('PARLEY_PERSONALIZE_EMULATOR', false),
    personalize,
  };
}
