/**
 * General English used to synthesize out-of-scope utterances for the fallback class, which has no
 * sample utterances in Lex. Function words are kept (they appear in every intent, so they should
 * not point to one); the bot's own content words are removed at training time.
 */
export const FUNCTION_WORDS: readonly string[] = [
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'is', 'are', 'was', 'were', 'be', 'been', 'am',
  'i', 'you', 'he', 'she', 'it', 'we', 'they', 'me', 'him', 'her', 'us', 'them', 'my', 'your', 'his',
  'its', 'our', 'their', 'what', 'who', 'whom', 'which', 'when', 'where', 'why', 'how', 'do', 'does',
  'did', 'can', 'could', 'would', 'should', 'will', 'shall', 'may', 'might', 'must', 'of', 'in', 'on',
  'at', 'to', 'from', 'by', 'with', 'about', 'into', 'for', 'and', 'or', 'but', 'if', 'so', 'not',
  'there', 'here', 'some', 'any', 'all', 'very', 'just', 'too', 'also', 'then', 'than', 'please',
];

export const GENERAL_WORDS: readonly string[] = [
  'time', 'year', 'people', 'way', 'day', 'man', 'woman', 'child', 'world', 'life', 'hand', 'part',
  'place', 'case', 'week', 'company', 'system', 'program', 'question', 'work', 'government', 'number',
  'night', 'point', 'home', 'water', 'room', 'mother', 'area', 'money', 'story', 'fact', 'month',
  'lot', 'right', 'study', 'book', 'eye', 'job', 'word', 'business', 'issue', 'side', 'kind', 'head',
  'house', 'service', 'friend', 'father', 'power', 'hour', 'game', 'line', 'end', 'member', 'law',
  'car', 'city', 'community', 'name', 'president', 'team', 'minute', 'idea', 'kid', 'body', 'face',
  'others', 'level', 'office', 'door', 'health', 'person', 'art', 'war', 'history', 'party', 'result',
  'change', 'morning', 'reason', 'research', 'girl', 'guy', 'moment', 'air', 'teacher', 'force',
  'education', 'weather', 'music', 'movie', 'song', 'dog', 'cat', 'bird', 'tree', 'river', 'mountain',
  'country', 'planet', 'sun', 'moon', 'star', 'ocean', 'food', 'pizza', 'coffee', 'tea', 'doctor',
  'school', 'university', 'science', 'math', 'physics', 'poem', 'story', 'recipe', 'language',
  'translate', 'calculate', 'explain', 'play', 'sing', 'dance', 'drive', 'cook', 'write', 'read',
  'learn', 'think', 'believe', 'feel', 'know', 'understand', 'remember', 'forget', 'live', 'die',
  'win', 'lose', 'pay', 'meet', 'run', 'sit', 'stand', 'speak', 'call', 'move', 'turn', 'start',
  'weird', 'happy', 'sad', 'big', 'small', 'old', 'young', 'long', 'short', 'high', 'low', 'early',
  'late', 'important', 'political', 'public', 'bad', 'good', 'different', 'real', 'best', 'free',
  'president', 'election', 'football', 'soccer', 'basketball', 'train', 'plane', 'flight', 'hotel',
  'bank', 'loan', 'tax', 'news', 'stock', 'bitcoin', 'computer', 'phone', 'internet', 'email',
  'password', 'meaning', 'purpose', 'universe', 'god', 'love', 'marry', 'birthday', 'party', 'holiday',
  // Numbers turn up in out-of-scope requests too ("what is 3 times 8"), not only in prices.
  '3', '8', '15', '42', '250', '1000', '2019', 'seven', 'twelve', 'million', 'percent', 'times', 'plus',
];

/** Letters weighted roughly by English frequency, for pronounceable-ish nonsense words. */
export const NONSENSE_LETTERS = 'eeeeeeetttttaaaaaoooooiiiiinnnnnsssshhhhrrrrddlllcuumwfgypbvkjxqz';

/**
 * Generic chit-chat frames ({} = a general word): out-of-scope requests share their shape with
 * in-scope ones ("what is the ...", "tell me ..."), so negatives need that shape too, or the
 * carrier alone would carry an in-scope intent over the threshold.
 */
export const OUT_OF_SCOPE_FRAMES: readonly string[] = [
  'what is the {} of {}', 'what is a {}', 'who is the {}', 'tell me a {}', 'tell me a {} about {}',
  'how do i {} a {}', 'can you {} my {}', 'why is the {} so {}', 'do you know the {}', 'what do you think about {}',
  'play some {}', 'i like {}', 'who won the {}', 'how old is the {}', 'is it going to {} today',
  'what does {} mean', 'translate {} to {}', 'set a {} for {}',
];
