// Passing notices at the bottom of the page, each in its own box ("Copied from the desktop", "You are in
// control"), and lasting ones that stay while something is true ("No sound from the desktop").

const SHOWN_MS = 4000;

export class Notices {
  #list;
  #lasting = new Map();

  constructor(list) {
    this.#list = list;
  }

  /** A notice that goes by itself; tone 'info' or 'warning'. */
  show(text, tone = 'info') {
    const item = this.#item(text, tone);
    setTimeout(() => item.remove(), SHOWN_MS);
  }

  /** A notice that stays until set again with null text; one per key. */
  set(key, text, tone = 'warning') {
    this.#lasting.get(key)?.remove();
    this.#lasting.delete(key);
    if (!text) return;
    const item = this.#item(text, tone);
    item.id = `notice-${key}`;
    this.#lasting.set(key, item);
  }

  #item(text, tone) {
    const item = document.createElement('div');
    item.className = 'notice';
    item.dataset.tone = tone;
    item.textContent = text;
    this.#list.append(item);
    return item;
  }
}
