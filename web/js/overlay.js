// The controls' overlay: a toolbar at the top of the page that stays while the stream is not live and hides
// itself a moment after the person goes back to the desktop, so that the desktop has the whole window. It comes
// back with the pointer at the top edge, a click or tap on the handle left in its place, or Ctrl+Shift+M (which
// also puts the keyboard in it; Escape sends the keyboard back to the desktop).

import { shownState } from './state.js';

const HIDE_AFTER_MS = 2500;
/** How close to the top edge the pointer brings the toolbar back, in CSS pixels. */
const EDGE_PX = 4;

export class Overlay {
  #root;
  #toolbar;
  #focusDesktop;
  #live = false;
  #hovered = false;
  #timer = null;

  /** state: the page's store, whose connection it follows; focusDesktop: gives the keyboard back to the desktop */
  constructor(root, state, focusDesktop) {
    this.#root = root;
    state.watch(['connection', 'picture'], () => this.#setLive(shownState(state) === 'live'));
    this.#toolbar = root.querySelector('#toolbar');
    this.#focusDesktop = focusDesktop;
    root.querySelector('#overlay-handle').addEventListener('click', () => this.show());
    root.querySelector('#overlay-hide').addEventListener('click', () => this.hide());
    this.#toolbar.addEventListener('pointerenter', () => {
      this.#hovered = true;
      clearTimeout(this.#timer);
    });
    this.#toolbar.addEventListener('pointerleave', () => {
      this.#hovered = false;
      this.#hideLater();
    });
    this.#toolbar.addEventListener('focusout', () => this.#hideLater());
    this.#toolbar.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      // the Escape is the page's: it goes neither to the desktop nor out of fullscreen
      event.preventDefault();
      event.stopPropagation();
      this.hide();
    });
    document.addEventListener('pointermove', (event) => {
      if (event.pointerType === 'mouse' && event.clientY <= EDGE_PX && !this.shown) this.show();
    });
  }

  get shown() {
    return this.#root.dataset.shown === 'true';
  }

  /** Shows the toolbar; with `focus`, the keyboard goes to its first control (to work it without a mouse). */
  show({ focus = false } = {}) {
    this.#root.dataset.shown = 'true';
    if (focus) this.#toolbar.querySelector('button:not([hidden]), select:not([hidden])')?.focus();
    this.#hideLater();
  }

  hide() {
    clearTimeout(this.#timer);
    const hadFocus = this.#toolbar.contains(document.activeElement);
    this.#root.dataset.shown = 'false';
    if (hadFocus) this.#focusDesktop();
  }

  toggle() {
    if (this.shown) this.hide(); else this.show({ focus: true });
  }

  /** While not live the toolbar stays, with what is happening; once live it goes after a moment. */
  #setLive(on) {
    this.#live = on;
    if (on) this.#hideLater(); else this.show();
  }

  #hideLater() {
    clearTimeout(this.#timer);
    if (!this.#live) return;
    this.#timer = setTimeout(() => {
      const busy = this.#hovered || this.#toolbar.contains(document.activeElement)
        || document.querySelector('dialog[open]') !== null;
      if (busy) this.#hideLater(); else this.hide();
    }, HIDE_AFTER_MS);
  }
}
