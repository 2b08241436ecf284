import { createInterface } from 'node:readline';
import pino from 'pino';
import { openPipeline } from '../../app.js';
import { isParleyError } from '../../shared/errors.js';
import type { Identity, TurnReply } from '../../fulfillment/port.js';
import { loadConfigOrExit } from '../load-config.js';

export interface ChatOptions {
  bot?: string;
  user?: string;
  json?: boolean;
  timeZone?: string;
}

const CLI_SITE = 'cli';

/**
 * `parley chat`: one utterance per line on stdin, through the same pipeline as the server. With
 * --json every answer is one JSON line on stdout (with the cards, and the script variant chosen and
 * its SSML, when the reply has them); logs go to stderr.
 */
export async function runChat(options: ChatOptions): Promise<number> {
  const config = loadConfigOrExit(options.bot === undefined ? {} : { PARLEY_BOT_DIR: options.bot });
  const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const pipeline = await openPipeline(config, { logger, seedIfEmpty: config.seed.onStart });
  let status = 0;
  try {
    // The CLI is run by an operator on the machine itself, so the user it names is taken as given.
    const identity: Identity = { siteKey: CLI_SITE, userId: options.user ?? 'cli-user', anonymous: options.user === undefined };
    const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const { sessionId } = await pipeline.turns.openSession({ identity, context: { device: 'desktop', timeZone } });
    const interactive = options.json !== true && process.stdin.isTTY === true;
    if (interactive) process.stdout.write(`Chatting with ${pipeline.bot.name} (session ${sessionId}). Ctrl-D to quit.\n> `);
    for await (const line of createInterface({ input: process.stdin, terminal: false })) {
      const text = line.trim();
      if (text === '') continue;
      try {
        const reply = await pipeline.turns.handleText({ identity, sessionId, text });
        process.stdout.write(options.json === true ? `${JSON.stringify(jsonLine(reply))}\n` : `${reply.text}\n`);
      } catch (error) {
        status = 1;
        const code = isParleyError(error) ? error.code : 'PARLEY_INTERNAL';
        const message = error instanceof Error ? error.message : String(error);
        if (options.json === true) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
        else process.stderr.write(`error ${code}: ${message}\n`);
      }
      if (interactive) process.stdout.write('> ');
    }
  } finally {
    await pipeline.close();
  }
  return status;
}

function jsonLine(reply: TurnReply) {
  return {
    text: reply.text,
    intent: reply.intent,
    slots: reply.slots,
    dialogAction: reply.dialogAction,
    sessionId: reply.sessionId,
    // What a designer checks a script by: the items shown, the variant said and how it is spoken.
    ...(reply.cards.length === 0 ? {} : { cards: reply.cards }),
    ...(reply.decision === undefined ? {} : { decision: reply.decision }),
    ...(reply.speech === undefined ? {} : { speech: reply.speech }),
  };
}
