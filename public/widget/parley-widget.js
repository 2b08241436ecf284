/**
 * Parley chat widget: <parley-chat site-key="demo-site"> or Parley.mount(element, {siteKey, url}).
 * Plain ES module, no build step. The protocol lives in parley-client.js; this file is the view.
 * Everything from the server or the customer reaches the DOM as text (textContent), never markup.
 */
import { ReplyPlayer } from './parley-audio.js';
import { ParleyClient, REPLY_REWARDS, codePointLength, politeError, quickReplies } from './parley-client.js';

const STYLESHEET_URL = new URL('./parley-widget.css', import.meta.url).href;
/** Messages kept for re-drawing the conversation after a reload (the server does not replay them). */
const TRANSCRIPT_LIMIT = 60;
/** The counter appears once this share of maxTextChars is used. */
const COUNTER_THRESHOLD = 0.8;
/** Feedback texts after a reward is answered, by outcome. */
const FEEDBACK_THANKS = 'Thanks for your feedback!';

/**
 * @typedef {'thumbs-up' | 'thumbs-down' | 'click'} Signal
 * @typedef {{role: 'user' | 'bot' | 'system', text: string, cards?: import('./parley-client.js').ItemCard[], eventId?: string, rated?: Signal}} Entry
 */

/** ws(s)://<origin of this script>/v1/chat: the widget talks to the server that served it. */
function defaultUrl() {
  const here = new URL(import.meta.url);
  return `${here.protocol === 'https:' ? 'wss:' : 'ws:'}//${here.host}/v1/chat`;
}

/**
 * Creates an element with attributes and text; never parses markup.
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {string} [text]
 */
function h(tag, attributes = {}, text) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** @param {number} price @param {string} currency @param {string | undefined} locale */
function formatPrice(price, currency, locale) {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(price);
  } catch {
    // Unknown currency code: show it plainly.
    return `${price.toFixed(2)} ${currency}`;
  }
}

/** Only http(s) images, so a card cannot point the page at javascript: or data: payloads. */
function safeImageUrl(/** @type {unknown} */ url) {
  if (typeof url !== 'string' || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

/**
 * A transcript entry read back from storage, with a reward's eventId and signal only when well-formed.
 * @param {Entry} entry
 * @returns {Entry}
 */
function sanitizedEntry(entry) {
  const { eventId, rated, ...rest } = entry;
  return {
    ...rest,
    ...(typeof eventId === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(eventId) ? { eventId } : {}),
    ...(rated === 'thumbs-up' || rated === 'thumbs-down' || rated === 'click' ? { rated } : {}),
  };
}

class ChatView {
  /**
   * @param {HTMLElement} host
   * @param {{siteKey: string, url?: string, token?: string, title?: string, open?: boolean, speak?: boolean}} options
   */
  constructor(host, options) {
    this.host = host;
    this.options = options;
    this.root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    this.transcriptKey = `parley:${options.siteKey}:transcript`;
    this.openKey = `parley:${options.siteKey}:open`;
    this.locale = globalThis.navigator?.language;
    // pcm streams chunk by chunk into Web Audio; 16 kHz is plenty for a voice.
    const audio = options.speak === true ? { audio: { enabled: true, format: 'pcm', sampleRate: 16000 } } : {};
    this.client = new ParleyClient({ url: options.url ?? defaultUrl(), siteKey: options.siteKey, ...(options.token ? { token: options.token } : {}), ...audio });
    /** Rewards sent and not answered: client reward id -> the reply's log item. @type {Map<string, HTMLElement>} */
    this.rewardTargets = new Map();
    this.player = options.speak === true ? new ReplyPlayer({ onChange: (stats) => this.showAudio(stats) }) : undefined;
    this.build();
    this.wire();
    this.restoreTranscript();
    const wasOpen = this.readStorage(this.openKey);
    this.setOpen(wasOpen === null ? options.open === true : wasOpen === '1', false);
    this.client.start();
  }

  build() {
    const title = this.options.title ?? 'Chat with us';
    this.root.replaceChildren();
    this.root.append(h('link', { rel: 'stylesheet', href: STYLESHEET_URL }));

    this.launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'parley-panel' }, title);

    this.panel = h('section', { id: 'parley-panel', class: 'panel', 'aria-labelledby': 'parley-title', hidden: '' });
    const header = h('header', { class: 'header' });
    const heading = h('h2', { id: 'parley-title' }, title);
    this.status = h('p', { class: 'status', role: 'status' }, 'Connecting…');
    this.closeButton = h('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '×');
    const titles = h('div', { class: 'titles' });
    titles.append(heading, this.status);
    header.append(titles);
    if (this.options.speak === true) {
      this.speaker = h('button', { type: 'button', class: 'speaker', 'aria-pressed': 'true', 'aria-label': 'Spoken replies' }, '🔊');
      header.append(this.speaker);
    }
    header.append(this.closeButton);

    // role=log: screen readers announce additions politely, without re-reading the history.
    this.log = h('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': 'Conversation' });
    this.typing = h('p', { class: 'typing', hidden: '' });
    this.typing.append(h('span', { class: 'dots', 'aria-hidden': 'true' }), h('span', { class: 'visually-hidden' }, 'Assistant is typing'));
    this.quick = h('div', { class: 'quick-replies', role: 'group', 'aria-label': 'Suggested replies', hidden: '' });
    this.notice = h('p', { class: 'notice', role: 'alert', hidden: '' });

    this.form = h('form', { class: 'composer' });
    const label = h('label', { for: 'parley-input', class: 'visually-hidden' }, 'Your message');
    this.input = /** @type {HTMLInputElement} */ (
      h('input', { id: 'parley-input', type: 'text', autocomplete: 'off', placeholder: 'Type a message…', 'aria-describedby': 'parley-counter' })
    );
    this.counter = h('span', { id: 'parley-counter', class: 'counter', hidden: '' });
    this.sendButton = h('button', { type: 'submit', class: 'send' }, 'Send');
    this.form.append(label, this.input, this.counter, this.sendButton);

    this.panel.append(header, this.log, this.typing, this.quick, this.notice, this.form);
    this.root.append(this.launcher, this.panel);
  }

  wire() {
    this.launcher.addEventListener('click', () => this.setOpen(true, true));
    this.wireAudio();
    this.closeButton.addEventListener('click', () => this.setOpen(false, true));
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.setOpen(false, true);
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(this.input.value);
    });
    this.input.addEventListener('input', () => this.updateCounter());
    globalThis.addEventListener?.('online', () => this.client.reconnectNow());

    const client = this.client;
    client.on('status', ({ state, delayMs }) => this.showStatus(state, delayMs));
    client.on('ready', (ready) => this.onReady(ready));
    client.on('reply', (reply) => this.onReply(reply));
    client.on('pending', ({ count }) => {
      this.typing.hidden = count === 0;
      if (count > 0) this.scrollToEnd();
    });
    client.on('reward', ({ id, outcome }) => this.onRewarded(id, outcome));
    client.on('reward-error', ({ id, message }) => this.onRewarded(id, 'error', message));
    client.on('turn-error', ({ message }) => this.showNotice(message));
    client.on('notice', ({ message }) => this.showNotice(message));
    client.on('turn-lost', ({ text }) => this.addSystem(`We lost the connection before answering “${text}”. Please ask again.`));
    client.on('session-reset', () => this.addSystem('Your earlier conversation has ended. We started a new one.'));
    client.on('shutdown', () => this.showStatus('restarting'));
    client.on('fatal', ({ message }) => {
      this.showNotice(message);
      this.input.disabled = true;
      this.sendButton.setAttribute('disabled', '');
    });
  }

  /** @param {boolean} open @param {boolean} moveFocus */
  setOpen(open, moveFocus) {
    this.panel.hidden = !open;
    this.launcher.hidden = open;
    this.launcher.setAttribute('aria-expanded', String(open));
    this.writeStorage(this.openKey, open ? '1' : '0');
    if (!moveFocus) return;
    if (open) {
      this.input.focus();
      this.scrollToEnd();
    } else {
      this.launcher.focus();
    }
  }

  /** @param {string} state @param {number} [delayMs] */
  showStatus(state, delayMs) {
    const texts = {
      idle: 'Connecting…',
      connecting: 'Connecting…',
      ready: 'Online',
      restarting: 'Restarting, back in a moment…',
      stopped: 'Offline',
    };
    let text = texts[/** @type {keyof typeof texts} */ (state)];
    if (state === 'reconnecting') {
      text = delayMs !== undefined && delayMs >= 1500 ? `Reconnecting in ${Math.round(delayMs / 1000)} s…` : 'Reconnecting…';
    }
    this.status.textContent = text ?? '';
    this.panel.dataset.state = state;
  }

  /** @param {import('./parley-client.js').SessionReady} ready */
  onReady(ready) {
    this.panel.dataset.sessionId = ready.sessionId;
    const max = ready.limits?.maxTextChars;
    if (typeof max === 'number') this.input.maxLength = max;
    this.updateCounter();
    if (!ready.resumed && this.transcript.length > 0) {
      // A new session (the old one expired): the old transcript no longer belongs to it.
      this.transcript = [];
      this.saveTranscript();
      this.log.replaceChildren();
    }
    if (!ready.resumed && this.log.childElementCount === 0) {
      this.addBot({ text: 'Hi! I can help you find products, check an order or book a fitting.', cards: [] }, true);
    }
  }

  /** @param {import('./parley-client.js').TurnReply} reply */
  onReply(reply) {
    const text = reply.text || reply.messages.filter((m) => m.contentType === 'PlainText').map((m) => m.content ?? '').join(' ');
    const cards = Array.isArray(reply.cards) ? reply.cards : [];
    const eventId = typeof reply.decision?.eventId === 'string' ? reply.decision.eventId : undefined;
    this.addEntry({ role: 'bot', text, cards, ...(eventId === undefined ? {} : { eventId }) }, true);
    for (const message of reply.messages ?? []) {
      const card = message.imageResponseCard;
      if (message.contentType === 'ImageResponseCard' && card !== undefined && (card.title || card.subtitle)) {
        this.addSystem([card.title, card.subtitle].filter(Boolean).join(': '), 'bot');
      }
    }
    this.showQuickReplies(quickReplies(reply));
  }

  /** @param {string} raw */
  submit(raw) {
    const text = raw.trim();
    if (text === '') return;
    // Barge-in: the customer speaks again, so the reply still playing stops (the server stops too).
    this.player?.stop();
    this.player?.unlock();
    const result = this.client.send(text);
    if ('error' in result) {
      this.showNotice(result.error.message);
      return;
    }
    this.input.value = '';
    this.updateCounter();
    this.showNotice('');
    this.showQuickReplies([]);
    this.addEntry({ role: 'user', text }, true);
  }

  updateCounter() {
    const max = this.client.limits?.maxTextChars;
    if (max === undefined) return;
    const used = codePointLength(this.input.value);
    this.counter.hidden = used < max * COUNTER_THRESHOLD;
    this.counter.textContent = `${used} / ${max}`;
    if (used > max) this.showNotice(politeError({ code: 'PARLEY_GATEWAY_TEXT_TOO_LONG' }, { maxTextChars: max }));
  }

  /** @param {Array<{text: string, value: string}>} buttons */
  showQuickReplies(buttons) {
    this.quick.replaceChildren(
      ...buttons.map((button) => {
        const element = h('button', { type: 'button', class: 'quick' }, button.text);
        element.addEventListener('click', () => this.submit(button.value));
        return element;
      }),
    );
    this.quick.hidden = buttons.length === 0;
  }

  /** @param {string} message */
  showNotice(message) {
    this.notice.textContent = message;
    this.notice.hidden = message === '';
  }

  /** @param {{text: string, cards: import('./parley-client.js').ItemCard[]}} content @param {boolean} save */
  addBot(content, save) {
    this.addEntry({ role: 'bot', text: content.text, cards: content.cards }, save);
  }

  /** @param {string} text @param {'system' | 'bot'} [role] */
  addSystem(text, role = 'system') {
    this.addEntry({ role, text }, true);
  }

  /**
   * @param {Entry} entry
   * @param {boolean} save
   */
  addEntry(entry, save) {
    const item = h('li', { class: `message ${entry.role}` });
    const who = { user: 'You', bot: 'Assistant', system: 'Note' }[entry.role];
    item.append(h('span', { class: 'visually-hidden' }, `${who}: `));
    if (entry.text) item.append(h('p', { class: 'bubble' }, entry.text));
    if (entry.cards !== undefined && entry.cards.length > 0) item.append(this.renderCards(entry.cards, entry));
    // A reply worded by the bandit: the customer's thumbs and clicks become its reward.
    if (entry.role === 'bot' && entry.eventId !== undefined) {
      item.dataset.eventId = entry.eventId;
      item.append(this.renderFeedback(entry, item));
      if (entry.rated !== undefined) item.dataset.rewardState = 'sent';
    }
    this.log.append(item);
    this.scrollToEnd();
    if (save) {
      this.transcript.push(entry);
      this.saveTranscript();
    }
  }

  /** @param {Entry} entry @param {HTMLElement} item */
  renderFeedback(entry, item) {
    const group = h('div', { class: 'feedback', role: 'group', 'aria-label': 'Was this answer helpful?' });
    // Words, not emoji: not every system has an emoji font (headless browsers draw empty boxes).
    group.append(h('span', { class: 'feedback-label', 'aria-hidden': 'true' }, 'Helpful?'));
    for (const [signal, label] of /** @type {const} */ ([['thumbs-up', 'Yes'], ['thumbs-down', 'No']])) {
      const button = h('button', { type: 'button', class: `thumb ${signal}`, 'data-signal': signal, 'aria-pressed': String(entry.rated === signal) }, label);
      if (entry.rated !== undefined) button.setAttribute('disabled', '');
      button.addEventListener('click', () => this.rate(entry, item, signal));
      group.append(button);
    }
    group.append(h('span', { class: 'feedback-note', role: 'status' }, entry.rated === undefined ? '' : FEEDBACK_THANKS));
    return group;
  }

  /**
   * Sends the reward for a reply once: the first signal (thumbs or a card click) is the one the
   * bandit learns from, so the buttons go quiet after it.
   * @param {Entry} entry @param {HTMLElement} item @param {Signal} signal
   */
  rate(entry, item, signal) {
    if (entry.eventId === undefined || entry.rated !== undefined) return;
    const result = this.client.reward(entry.eventId, REPLY_REWARDS[signal]);
    if ('error' in result) {
      this.showNotice(result.error.message);
      return;
    }
    entry.rated = signal;
    this.saveTranscript();
    this.rewardTargets.set(result.id, item);
    item.dataset.rewardState = 'sending';
    for (const button of item.querySelectorAll('.thumb')) {
      button.setAttribute('disabled', '');
      button.setAttribute('aria-pressed', String(button.getAttribute('data-signal') === signal));
    }
  }

  /** @param {string} id @param {'applied' | 'duplicate' | 'error'} outcome @param {string} [message] */
  onRewarded(id, outcome, message) {
    const item = this.rewardTargets.get(id);
    this.rewardTargets.delete(id);
    if (item === undefined) return;
    item.dataset.rewardState = outcome;
    const note = item.querySelector('.feedback-note');
    if (note !== null) note.textContent = outcome === 'error' ? '' : FEEDBACK_THANKS;
    if (outcome === 'error' && message !== undefined) this.showNotice(message);
  }

  /** @param {import('./parley-client.js').ItemCard[]} cards @param {Entry} [entry] the reply they came with */
  renderCards(cards, entry) {
    const list = h('ul', { class: 'cards', 'aria-label': `${cards.length} suggested products` });
    for (const card of cards) {
      const item = h('li', { class: 'card', 'data-item-id': String(card.itemId), 'data-price': String(card.price) });
      const image = safeImageUrl(card.imageUrl);
      if (image !== undefined) {
        item.append(h('img', { class: 'image', src: image, alt: '', loading: 'lazy' }));
      } else {
        // A placeholder: the brand's initial on a tint derived from the item id.
        // A multiplicative hash: ids differ in a digit or two, a plain sum would give them all one hue.
        const hue = [...String(card.itemId)].reduce((hash, ch) => Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0, 2166136261) % 360;
        const placeholder = h('div', { class: 'image placeholder', 'aria-hidden': 'true' }, String(card.brand ?? '?').slice(0, 1).toUpperCase());
        placeholder.style.setProperty('--hue', String(hue));
        item.append(placeholder);
      }
      const body = h('div', { class: 'card-body' });
      const rewarded = entry?.eventId !== undefined;
      body.append(
        // The title is a button when the reply has a decision: a click on the item is its reward.
        rewarded ? h('button', { type: 'button', class: 'card-title' }, String(card.title)) : h('p', { class: 'card-title' }, String(card.title)),
        h('p', { class: 'card-brand' }, String(card.brand)),
        h('p', { class: 'card-price' }, formatPrice(Number(card.price), String(card.currency), this.locale)),
      );
      item.append(body);
      if (rewarded && entry !== undefined) {
        body.querySelector('.card-title')?.addEventListener('click', () => {
          item.dataset.clicked = 'true';
          const reply = list.closest('li.message');
          if (reply instanceof HTMLElement) this.rate(entry, reply, 'click');
        });
      }
      list.append(item);
    }
    return list;
  }

  restoreTranscript() {
    /** @type {Entry[]} */
    this.transcript = [];
    const raw = this.readStorage(this.transcriptKey);
    if (raw === null || this.client.session === undefined) return;
    try {
      const parsed = JSON.parse(raw);
      if (Array.isArray(parsed)) this.transcript = parsed.filter((e) => e && typeof e.text === 'string' && ['user', 'bot', 'system'].includes(e.role)).map(sanitizedEntry);
    } catch {
      return;
    }
    for (const entry of this.transcript) this.addEntry(entry, false);
    if (this.transcript.length > 0) this.log.append(h('li', { class: 'divider', role: 'separator' }, 'Conversation resumed'));
  }

  saveTranscript() {
    this.transcript = this.transcript.slice(-TRANSCRIPT_LIMIT);
    this.writeStorage(this.transcriptKey, JSON.stringify(this.transcript));
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** @param {string} key */
  readStorage(key) {
    try {
      return globalThis.sessionStorage.getItem(key);
    } catch {
      return null;
    }
  }

  /** @param {string} key @param {string} value */
  writeStorage(key, value) {
    try {
      globalThis.sessionStorage.setItem(key, value);
    } catch {
      // Storage full or disabled: the chat still works, it just will not survive a reload.
    }
  }

  wireAudio() {
    const player = this.player;
    if (player === undefined) return;
    const client = this.client;
    // Browsers start audio only after a gesture: the launcher, the speaker button or a send.
    this.launcher.addEventListener('click', () => player.unlock());
    this.speaker?.addEventListener('click', () => {
      player.muted = !player.muted;
      this.speaker?.setAttribute('aria-pressed', String(!player.muted));
      if (this.speaker !== undefined) this.speaker.textContent = player.muted ? '🔈' : '🔊';
      if (player.muted) {
        if (player.playing) client.interrupt(player.stop());
      } else {
        player.unlock();
      }
    });
    client.on('audio.begin', (begin) => player.begin(begin));
    client.on('audio.segment', () => player.segment());
    client.on('audio-chunk', (data) => player.chunk(data));
    client.on('audio.end', () => player.end());
    client.on('audio.error', () => player.end());
  }

  /** What the page (and tests) can read about spoken replies: data-audio-* on the element. */
  showAudio(/** @type {{segmentsPlayed: number, state: string, playing: boolean}} */ stats) {
    this.host.dataset.audioState = stats.state;
    this.host.dataset.audioSegmentsPlayed = String(stats.segmentsPlayed);
    this.host.dataset.audioPlaying = String(stats.playing);
  }

  destroy() {
    this.player?.stop();
    this.client.stop();
    this.root.replaceChildren();
  }
}

/**
 * Mounts the widget into an element (its shadow root), e.g. Parley.mount(div, {siteKey: 'demo-site'}).
 * @param {HTMLElement} element
 * @param {{siteKey: string, url?: string, token?: string, title?: string, open?: boolean, speak?: boolean}} options
 */
export function mount(element, options) {
  if (typeof options?.siteKey !== 'string' || options.siteKey === '') throw new TypeError('Parley.mount needs a siteKey');
  const view = new ChatView(element, options);
  return { client: view.client, destroy: () => view.destroy() };
}

export class ParleyChatElement extends HTMLElement {
  connectedCallback() {
    if (this.mounted !== undefined) return;
    const siteKey = this.getAttribute('site-key');
    if (siteKey === null) {
      console.error('<parley-chat> needs a site-key attribute');
      return;
    }
    /** @type {{siteKey: string, url?: string, token?: string, title?: string, open?: boolean, speak?: boolean}} */
    const options = { siteKey, open: this.hasAttribute('open'), speak: this.hasAttribute('speak') };
    for (const [attribute, key] of /** @type {const} */ ([['url', 'url'], ['token', 'token'], ['chat-title', 'title']])) {
      const value = this.getAttribute(attribute);
      if (value !== null) options[key] = value;
    }
    this.mounted = mount(this, options);
  }

  disconnectedCallback() {
    this.mounted?.destroy();
    this.mounted = undefined;
  }
}

if (!customElements.get('parley-chat')) customElements.define('parley-chat', ParleyChatElement);

export const Parley = { mount };
// For pages that load the widget with a plain <script type="module"> and call Parley.mount later.
globalThis.Parley ??= Parley;
