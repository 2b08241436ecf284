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
  .description('validate and lint against Polly\'s rules; JSON diagnostics; exit 1 on any error')
  .action(async (files: string[], options: { engine?: string }) => {
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
  .action(async (options) => {
    process.exitCode = await runRecEval(options);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`parley: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
