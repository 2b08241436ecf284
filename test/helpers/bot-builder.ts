/**
 * Builds BotDefinition objects for conversation tests without the Lex export loader: a small
 * store bot shaped like bots/ParleyStore, plus helpers for prompts and messages.
 */
import type { BotDefinition, BotLocaleDefinition, IntentDefinition, MessageGroup, Prompt, SlotDefinition, SlotTypeDefinition } from '../../src/conversation/local/bot-model.js';
import { BRANDS, CATEGORIES } from '../../src/tenant/vocabulary.js';

export function messages(...texts: string[]): MessageGroup[] {
  return texts.map((plainText) => ({ message: { plainText }, variations: [] }));
}

export function prompt(text: string, maxRetries = 2, ...variations: string[]): Prompt {
  return { messageGroups: [{ message: { plainText: text }, variations: variations.map((plainText) => ({ plainText })) }], maxRetries, selectionStrategy: 'Ordered' };
}

export function slot(name: string, slotTypeName: string, extra: Partial<SlotDefinition> = {}): SlotDefinition {
  return { name, slotTypeName, required: false, sampleUtterances: [], allowMultipleValues: false, priority: 1, ...extra };
}

export function intent(name: string, sampleUtterances: string[], extra: Partial<IntentDefinition> = {}): IntentDefinition {
  return { name, sampleUtterances, slots: [], fulfillmentCodeHook: false, ...extra };
}

export const CATEGORY_TYPE: SlotTypeDefinition = {
  name: 'CategoryType',
  values: CATEGORIES.map((c) => ({ value: c.name, synonyms: c.synonyms })),
  resolutionStrategy: 'TOP_RESOLUTION',
};

export const BRAND_TYPE: SlotTypeDefinition = {
  name: 'BrandType',
  values: BRANDS.map((b) => ({ value: b.name, synonyms: b.synonyms })),
  resolutionStrategy: 'ORIGINAL_VALUE',
};

export const ORDER_NUMBER_TYPE: SlotTypeDefinition = {
  name: 'OrderNumberType',
  values: [],
  parentSlotTypeSignature: 'AMAZON.AlphaNumeric',
  resolutionStrategy: 'ORIGINAL_VALUE',
  regexPattern: 'PS-?[0-9]{6}',
};

export function storeLocale(overrides: Partial<BotLocaleDefinition> = {}): BotLocaleDefinition {
  return {
    localeId: 'en_US',
    nluConfidenceThreshold: 0.4,
    slotTypes: [CATEGORY_TYPE, BRAND_TYPE, ORDER_NUMBER_TYPE],
    intents: [
      intent('Greeting', ['hi', 'hello', 'hey there', 'good morning', 'good evening', 'hello there', 'hi parley', 'howdy'], {
        closingResponse: messages('Hi! What are you shopping for today?'),
      }),
      intent('Help', ['help', 'what can you do', 'how does this work', 'i need help', 'can you help me', 'what can i ask you', 'help me please'], {
        closingResponse: messages('I can recommend items, check orders and tell you our hours.'),
      }),
      intent('RecommendItems', [
        'recommend something', 'show me {Category}', 'i want {Category}', 'i am looking for {Category}',
        'show me {Category} under {MaxPrice} dollars', 'find {Category} below {MaxPrice}', 'any {Brand} {Category}',
        'recommend {Brand} {Category}', 'what {Category} do you have', 'suggest some {Category} for me',
        'i need new {Category} under {MaxPrice}', 'show me products', 'what do you recommend',
        'i want to buy {Category}', 'anything from {Brand}', 'show me {Category} less than {MaxPrice} bucks',
      ], {
        slots: [
          slot('Category', 'CategoryType', { required: true, priority: 1, prompt: prompt('What kind of item are you looking for?', 2, 'Which category: shoes, jackets, watches?'), sampleUtterances: ['{Category}', 'i want {Category}'] }),
          slot('MaxPrice', 'AMAZON.Number', { priority: 2 }),
          slot('Brand', 'BrandType', { priority: 3 }),
        ],
        fulfillmentCodeHook: true,
        closingResponse: messages('Hope you like these {Category}!'),
      }),
      intent('ItemDetails', ['tell me more about the {ItemName}', 'tell me more about {ItemName}', 'details on {ItemName}', 'describe the {ItemName}', 'what is the {ItemName} like', 'more info on {ItemName}'], {
        slots: [slot('ItemName', 'AMAZON.FreeFormInput', { required: true, prompt: prompt('Which item?') })],
        fulfillmentCodeHook: true,
      }),
      intent('OrderStatus', ['where is my order', 'track my order', 'order status', 'where is order {OrderNumber}', 'check order {OrderNumber}', 'has my package shipped', 'when will my order arrive', 'status of order {OrderNumber}'], {
        slots: [slot('OrderNumber', 'OrderNumberType', { required: true, prompt: prompt('What is your order number? It looks like PS-123456.', 2), failureResponse: messages('Sorry, I could not find that order number.') })],
        confirmation: { prompt: prompt('Check order {OrderNumber}, right?', 1), declinationResponse: messages('Okay, I will not check it.') },
        fulfillmentCodeHook: true,
        closingResponse: messages('Anything else about order {OrderNumber}?'),
      }),
      intent('StoreHours', ['what are your hours', 'when are you open', 'store hours', 'are you open on sunday', 'what time do you close', 'opening hours', 'when do you open tomorrow'], {
        closingResponse: messages('We are open 9 to 6 every day.'),
      }),
      intent('Goodbye', ['bye', 'goodbye', 'see you later', 'thanks bye', 'that is all', 'i am done', 'see ya'], {
        closingResponse: messages('Goodbye!'),
      }),
      intent('FallbackIntent', [], { parentIntentSignature: 'AMAZON.FallbackIntent' }),
    ],
    ...overrides,
  };
}

export function storeBot(locale: BotLocaleDefinition = storeLocale()): BotDefinition {
  return { name: 'TestStore', idleSessionTtlSeconds: 300, locales: [locale], source: 'test' };
}
