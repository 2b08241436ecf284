import { conversationContract } from './conversation.contract.js';
import { localEngine } from './lex-fixture.js';

conversationContract('local engine', async () => ({ engine: await localEngine(), invalidTextCode: 'PARLEY_CONVERSATION_TEXT_INVALID' }));
