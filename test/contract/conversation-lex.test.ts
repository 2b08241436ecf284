import { LexErrorCode } from '../../src/conversation/lex-errors.js';
import { conversationContract } from './conversation.contract.js';
import { lexEngine, startLexEmulator } from './lex-fixture.js';

conversationContract('Lex adapter (real SDK -> Parley Lex emulator)', async () => {
  const emulator = await startLexEmulator();
  const engine = lexEngine(emulator.endpoint);
  return {
    engine,
    invalidTextCode: LexErrorCode.Invalid,
    close: async () => {
      engine.close();
      await emulator.close();
    },
  };
});
