/** The `parley` command. Each subcommand lives in commands/; this file is only the table. */
import { Command } from 'commander';
import { runBotCheck } from './commands/bot-check.js';
import { runChat } from './commands/chat.js';
import { runRecEval } from './commands/rec-eval.js';
import { runSeed } from './commands/seed.js';
import { runServe } from './commands/serve.js';

const program = new Command()
  .name('parley')
  .description('Parley: conversational voice chatbot service')
  .showHelpAfterError();

program.command('serve').description('run the service (WebSocket gateway + HTTP)').action(async () => {
  await runServe();
});

program
  .command('seed')
  .description('write the deterministic demo tenant (catalogue, customers, history) into the database')
  .option('--seed <n>', 'random seed')
  .option('--customers <n>', 'number of customers')
  .option('--items <n>', 'number of catalogue items')
  .option('--reset', 'delete existing data first')
  .action(async (options) => {
    process.exitCode = await runSeed(options);
  });

const bot = program.command('bot').description('bot definitions in the Amazon Lex V2 export format');
bot
  .command('check')
  .argument('<dir>', 'bot folder or .zip export')
  .option('--json', 'print diagnostics as JSON')
  .description('load and validate a bot; errors name the file and field')
  .action(async (dir: string, options) => {
    process.exitCode = await runBotCheck(dir, options);
  });

program
  .command('chat')
  .description('chat with the bot over stdin/stdout through the service pipeline')
  .option('--bot <dir>', 'bot folder or .zip (default: PARLEY_BOT_DIR or bots/ParleyStore)')
  .option('--user <id>', 'customer id to chat as (default: an anonymous user)')
  .option('--time-zone <tz>', 'IANA time zone for dates and times')
  .option('--json', 'read one utterance per line, print one JSON object per line')
  .action(async (options) => {
    process.exitCode = await runChat(options);
  });

// ssml check (issue 5): loaded on use so the speech toolkit stays out of other commands' start-up.
program
  .command('ssml')
  .description('brand voice SSML: scripts, documents and lexicons')
  .command('check')
  .argument('<files...>', '.ssml documents, .json brand scripts or .pls lexicons')
  .option('--engine <engine>', 'standard | neural | long-form | generative (default neural)')
  .option('--voice <id>', 'Polly voice id, for voice-dependent rules (newscaster style)')
  .description('validate and lint against Polly\'s rules; JSON diagnostics; exit 1 on any error')
  .action(async (files: string[], options: { engine?: string; voice?: string }) => {
    const { runSsmlCheck } = await import('./commands/ssml-check.js');
    process.exitCode = await runSsmlCheck(files, options);
  });

const rec = program.command('rec').description('recommendations: offline evaluation of the local recipes');
rec
  .command('eval')
  .description('hold out users the way Personalize does; print one JSON line per recipe')
  .requiredOption('--interactions <file>', 'Personalize interactions CSV (USER_ID, ITEM_ID, TIMESTAMP, ...)')
  .option('--items <file>', 'Personalize items CSV (ITEM_ID, ...): adds catalogue items for coverage')
  .option('--k <n>', 'cut-off for the metrics', '10')
  .option('--recipes <list>', 'comma-separated recipe names')
  .option('--seed <n>', 'random seed of the split and training')
  .option('--workers <n>', 'training worker threads')
  .option('--plot <file>', "draw the recipes' metrics into this SVG file")
  .action(async (options) => {
    process.exitCode = await runRecEval(options);
  });
rec
  .command('train')
  .description('train the local model and store it as the next version in MongoDB (running services swap to it)')
  .option('--interactions <file>', 'train on a Personalize interactions CSV instead of the store\'s interactions')
  .option('--items <file>', 'with --interactions: a Personalize items CSV (ITEM_ID, metadata columns)')
  .option('--workers <n>', 'training worker threads (default PARLEY_RECOMMEND_TRAIN_WORKERS)')
  .option('--name <name>', 'model name (default "default", the one services serve)')
  .option('--no-progress', 'no progress bars')
  .action(async (options) => {
    process.exitCode = await (await import('./commands/rec-train.js')).runRecTrain(options);
  });

// Personalize dataset files (issue 4): loaded on use.
program
  .command('export')
  .description('export data for other services')
  .command('personalize')
  .requiredOption('--out <dir>', 'folder for interactions/items/users .csv and .schema.json')
  .description('write the store\'s interactions, items and users as Personalize dataset import files')
  .action(async (options: { out: string }) => {
    process.exitCode = await (await import('./commands/personalize-datasets.js')).runExportPersonalize(options);
  });
program
  .command('import')
  .description('import data from other services')
  .command('personalize')
  .argument('<dir>', 'folder with interactions/items/users .csv and .schema.json (any of the three)')
  .option('--skip-bad-lines', 'import the good lines and list the bad ones (default: import nothing if any line is bad)')
  .description('load Personalize dataset import files into the store; bad lines are reported with their line numbers')
  .action(async (dir: string, options: { skipBadLines?: boolean }) => {
    process.exitCode = await (await import('./commands/personalize-datasets.js')).runImportPersonalize(dir, options);
  });

const bandit = program.command('bandit').description('bandit-selected responses: evaluation, simulation, VW interop');
bandit
  .command('ope')
  .description('off-policy estimate {ips, snips, dr, dm, ciLow, ciHigh, n} of a policy on a JSONL log')
  .requiredOption('--log <file>', 'JSONL log: {context, actions, chosen, probability, reward} per line')
  .option('--policy <name|file>', 'uniform | baseline | default | a policy name | a snapshot file', 'uniform')
  .option('--seed <n>', 'random seed of learned policies')
  .option('--report', 'champion/challenger report over candidate policies and exploration settings')
  .option('--apprentice', 'apprentice-mode gate: has the learner proven better than the baseline?')
  .option('--plot <file>', "with --report: draw the candidates' estimates and intervals into this SVG file")
  .action(async (options) => {
    process.exitCode = await (await import('./commands/bandit-ope.js')).runBanditOpe(options);
  });
bandit
  .command('simulate')
  .description('run a policy in the layouts environment; prints {meanReward, oracleReward, ratio, curve}')
  .option('--rounds <n>', 'rounds', '20000')
  .option('--policy <name>', 'default or a policy name', 'default')
  .option('--seed <n>', 'seed', '1')
  .option('--variants <n>', 'response variants (5 to 10)', '8')
  .option('--save <file>', 'write the trained model snapshot to this file')
  .option('--curve-points <n>', 'points of the learning curve', '10')
  .option('--plot <file>', 'draw the learning curve into this SVG file')
  .action(async (options) => {
    process.exitCode = await (await import('./commands/bandit-simulate.js')).runBanditSimulate(options);
  });
bandit
  .command('vw-export')
  .argument('<log>', 'JSONL log')
  .description("print the log in Vowpal Wabbit's --cb_adf text format")
  .action(async (file: string) => {
    process.exitCode = await (await import('./commands/bandit-vw.js')).runBanditVw('export', file);
  });
bandit
  .command('vw-import')
  .argument('<file>', 'cb_adf text file')
  .description('print a --cb_adf file as a JSONL log')
  .action(async (file: string) => {
    process.exitCode = await (await import('./commands/bandit-vw.js')).runBanditVw('import', file);
  });

// test conversations, bot export (issue 3): loaded on use.
program
  .command('test')
  .description('tests of the bot')
  .command('conversations')
  .argument('<files...>', 'YAML conversation test files (or folders of them)')
  .option('--bot <dir>', 'bot folder or .zip (default: PARLEY_BOT_DIR or bots/ParleyStore)')
  .option('--json', 'print the report as one JSON object')
  .description('run multi-turn conversation tests against the local engine (and Lex when PARLEY_CONVERSATION=lex); exit 1 on any failure')
  .action(async (files: string[], options: { bot?: string; json?: boolean }) => {
    process.exitCode = await (await import('./commands/test-conversations.js')).runTestConversations(files, options);
  });
bot
  .command('export')
  .argument('<dir>', 'bot folder or .zip export')
  .requiredOption('--out <file>', 'the .zip to write')
  .description('validate the bot and write it as a Lex V2 import zip (Manifest.json, <Bot>/BotLocales/...)')
  .action(async (dir: string, options: { out: string }) => {
    process.exitCode = await (await import('./commands/bot-export.js')).runBotExport(dir, options);
  });
bot
  .command('from-examples')
  .argument('<file>', 'JSONL {text, intent, slots: [{name, value, start, end}]}, as nlu eval --train reads it')
  .requiredOption('--out <dir>', 'a new or empty folder for the Lex export layout')
  .option('--name <name>', 'the bot name (a Lex name)', 'EvalBot')
  .option('--no-utterance-counts', 'leave out how often the examples gave each sample utterance (Parley-only files beside the intents)')
  .description('build the bot nlu eval --train builds and write it as a Lex V2 export folder')
  .action(async (file: string, options: { out: string; name: string; utteranceCounts: boolean }) => {
    process.exitCode = await (await import('./commands/bot-from-examples.js')).runBotFromExamples(file, options);
  });

// nlu eval (issue 3): loaded on use, like the other evaluation commands.
program
  .command('nlu')
  .description('natural language understanding: offline evaluation')
  .command('eval')
  .description('train on labelled JSONL (or load --bot) and score --test; prints one JSON line')
  .option('--train <file>', 'JSONL {text, intent, slots: [{name, value, start, end}]} to build the bot from')
  .option('--bot <dir>', 'evaluate an existing bot folder or .zip as it is')
  .requiredOption('--test <file>', 'JSONL test examples')
  .option('--predictions <file>', 'write one JSON line per test utterance for error analysis')
  .option('--plots <dir>', 'write charts of the run (intent confusion, confidence reliability) as SVG into this folder')
  .option('--seed <text>', "train with this seed instead of the engine's own (parley), to see how much the training draw moves the scores")
  .option('--no-utterance-counts', 'with --train: train on each sample utterance once, as Lex holds the bot, not as often as the lines say it')
  .option('--no-progress', 'no progress on stderr')
  .action(async (options: { train?: string; bot?: string; test: string; predictions?: string; plots?: string; progress: boolean; seed?: string; utteranceCounts: boolean }) => {
    process.exitCode = await (await import('./commands/nlu-eval.js')).runNluEval(options);
  });

// cache warm (issue 6): loaded on use.
program
  .command('cache')
  .description('the audio cache (docs/audio-cache.md)')
  .command('warm')
  .description("synthesize every static phrase of every brand script, for every voice profile and format, and the bot's fixed messages, into the audio cache")
  .option('--formats <list>', 'output formats, json for speech marks (default mp3,json)')
  .option('--profiles <list>', 'voice profile names (default all in ssml/voices)')
  .option('--scripts <list>', 'script intents (default all in ssml/scripts)')
  .option('--brand <dir>', 'brand voice folder (default PARLEY_BRAND_DIR or ssml)')
  .option('--bot <dir>', "bot whose fixed messages are warmed too, spoken with PARLEY_VOICE_PROFILE (default PARLEY_BOT_DIR; 'none' to skip)")
  .option('--concurrency <n>', 'syntheses in flight (default 4; the origin quota still applies)')
  .action(async (options) => {
    process.exitCode = await (await import('./commands/cache-warm.js')).runCacheWarm(options);
  });

// speak (issue 5): the local synthesizer, loaded on use like the other speech commands.
program
  .command('speak')
  .argument('[file]', '.ssml document or plain-text file (or use --text)')
  .description('synthesize with the local eSpeak NG synthesizer; prints a JSON summary line')
  .requiredOption('--out <file>', 'output file; the format defaults from its extension (.mp3, .ogg, .pcm, .json)')
  .option('--text <text>', 'text to speak (SSML when it starts with <speak>)')
  .option('--voice <id>', 'Polly voice id', 'Joanna')
  .option('--engine <engine>', 'standard | neural | long-form | generative', 'standard')
  .option('--format <format>', 'mp3 | ogg_vorbis | pcm | mulaw | alaw | json (speech marks)')
  .option('--sample-rate <hz>', "Polly's sample rates for the format")
  .option('--marks <types>', 'speech mark types for json, comma-separated (sentence,word,ssml,viseme)')
  .option('--lexicons <names>', 'comma-separated lexicon names from ssml/lexicons')
  .action(async (file: string | undefined, options: { out: string; text?: string; voice?: string; engine?: string; format?: string; sampleRate?: string; marks?: string; lexicons?: string }) => {
    process.exitCode = await (await import('./commands/speak.js')).runSpeak(file, options);
  });

// lexicons deploy (issue 5): PutLexicon through the Polly adapter, loaded on use.
program
  .command('lexicons')
  .description('PLS pronunciation lexicons in Amazon Polly')
  .command('deploy')
  .argument('[dir]', 'folder of .pls lexicons (the file name is the lexicon name)', 'ssml/lexicons')
  .option('--endpoint <url>', 'Polly endpoint (default PARLEY_POLLY_ENDPOINT, else the region\'s)')
  .option('--dry-run', "validate against Polly's limits only")
  .description("validate every lexicon against Polly's limits, then PutLexicon each and ListLexicons; JSON lines")
  .action(async (dir: string, options: { endpoint?: string; dryRun?: boolean }) => {
    process.exitCode = await (await import('./commands/lexicons-deploy.js')).runLexiconsDeploy(dir, options);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`parley: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
