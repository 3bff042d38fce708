// Keyboard, mouse and touch from the page to the desktop, over the data channel "input"; the desktop's pointer
// image (read by desktop-messages.js) shown as this page's own cursor, so that it moves with no latency at all.
import { isKey, toDesktop } from './protocol.js';

/** X keysyms of the named keys (KeyboardEvent.key → keysym), from X11's keysymdef.h. */
const NAMED_KEYS = {
  Backspace: 0xff08, Tab: 0xff09, Enter: 0xff0d, Pause: 0xff13, ScrollLock: 0xff14, Escape: 0xff1b,
  Home: 0xff50, ArrowLeft: 0xff51, ArrowUp: 0xff52, ArrowRight: 0xff53, ArrowDown: 0xff54, PageUp: 0xff55,
  PageDown: 0xff56, End: 0xff57, PrintScreen: 0xff61, Insert: 0xff63, ContextMenu: 0xff67, NumLock: 0xff7f,
  Delete: 0xffff, CapsLock: 0xffe5, AltGraph: 0xfe03, Meta: 0xffeb, OS: 0xffeb, Super: 0xffeb,
};
/** Modifiers differ left and right: KeyboardEvent.code says which. */
const SIDED_KEYS = {
  ShiftLeft: 0xffe1, ShiftRight: 0xffe2, ControlLeft: 0xffe3, ControlRight: 0xffe4, AltLeft: 0xffe9,
  AltRight: 0xffea, MetaLeft: 0xffeb, MetaRight: 0xffec, OSLeft: 0xffeb, OSRight: 0xffec,
};
const WHEEL_PIXELS_PER_STEP = 100;
const LONG_PRESS_MS = 500;
const TAP_SLOP_PX = 10;
const TOUCH_SCROLL_PX_PER_STEP = 30;
/** How far two fingers move before it is clear whether they scroll or zoom. */
const GESTURE_SLOP_PX = 24;
const MAX_ZOOM = 4;
/** The server's limit for clipboard text, in UTF-8 bytes. */
export const CLIPBOARD_MAX_BYTES = 100 * 1024;
/** How long a paste shortcut waits for the browser's paste event before it goes on without the text. */
const PASTE_WAIT_MS = 200;

/** The keysym for what a key means, or null for keys that mean nothing on their own (dead keys). */
export function keysymFor(event) {
  if (SIDED_KEYS[event.code] && ['Shift', 'Control', 'Alt', 'Meta', 'OS'].includes(event.key)) {
    return SIDED_KEYS[event.code];
  }
  if (event.key in NAMED_KEYS) return NAMED_KEYS[event.key];
  const fn = /^F(\d{1,2})$/.exec(event.key);
  if (fn && Number(fn[1]) >= 1 && Number(fn[1]) <= 24) return 0xffbd + Number(fn[1]);
  const chars = [...event.key];
  if (chars.length === 1) return keysymForChar(chars[0].codePointAt(0));
  return null;
}

function keysymForChar(codePoint) {
  if ((codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff)) return codePoint;
  if (codePoint === 0x20ac) return 0x20ac; // EuroSign: older applications know it better than U+20AC
  return 0x01000000 + codePoint;
}

export class InputController extends EventTarget {
  #video;
  #overlay;
  /** The hidden text field that holds the keyboard's focus while the desktop has it. */
  #keyboardInput;
  #channel = null;
  #pressed = new Map(); // KeyboardEvent.code → keysym sent on keydown
  #buttons = new Set();
  #pendingMove = null;
  #wheel = { x: 0, y: 0 };
  #touch = null;
  #lockedCursor = { x: 0, y: 0 };
  /** How the picture is zoomed and panned by pinching: page pixels, transform origin at the top left. */
  #view = { scale: 1, x: 0, y: 0 };
  #cursorImage = null;
  /** The page's store: whether this viewer drives the desktop, what the stream offers, what the person chose. */
  #state;
  /** The latest pointer image from the desktop, for tests and the console. */
  cursor = null;

  #pasteQueue = null; // key messages held back until the pasted text has gone out

  constructor(video, overlay, keyboardInput, state) {
    super();
    this.#video = video;
    this.#overlay = overlay;
    this.#keyboardInput = keyboardInput;
    this.#state = state;
    let viewOnly = state.choices.viewOnly;
    state.watch(['choices'], ({ choices }) => {
      // nothing stays pressed on the desktop for a viewer who has just chosen to only watch
      if (choices.viewOnly && !viewOnly) this.releaseAll();
      viewOnly = choices.viewOnly;
    });
    this.#listen();
  }

  /** While true, nothing is sent: the viewer chose to only watch. */
  get viewOnly() {
    return this.#state.choices.viewOnly;
  }

  /** Nothing is sent while the viewer only watches, or another drives (the server would ignore it anyway). */
  get #silent() {
    return this.viewOnly || !this.#state.inControl;
  }

  /** Touch moves the pointer relatively, as on a laptop's trackpad, instead of clicking where the finger is. */
  get #trackpad() {
    return this.#state.choices.trackpad;
  }

  /** The data channel, for the console. */
  get channel() {
    return this.#channel;
  }

  #resizeTimer = null;

  /** Takes the data channel of a new connection. */
  attach(channel) {
    this.#channel = channel;
    channel.addEventListener('open', () => this.requestResize());
    if (channel.readyState === 'open') this.requestResize();
    channel.addEventListener('close', () => {
      if (this.#channel === channel) this.#channel = null;
    });
  }

  #send(message) {
    if (this.#silent || this.#channel?.readyState !== 'open') return false;
    if (this.#pasteQueue && isKey(message)) {
      this.#pasteQueue.push(message);
      return true;
    }
    this.#channel.send(JSON.stringify(message));
    return true;
  }

  /** Puts text on the desktop's clipboard (CLIPBOARD and PRIMARY). Returns false when it is too large. */
  sendClipboard(text) {
    if (new TextEncoder().encode(text).length > CLIPBOARD_MAX_BYTES) {
      this.dispatchEvent(new CustomEvent('notice', { detail: `Too much text to paste (over ${CLIPBOARD_MAX_BYTES / 1024} KiB)` }));
      return false;
    }
    const held = this.#pasteQueue;
    this.#pasteQueue = null;
    this.#send(toDesktop.clipboard(text));
    this.#pasteQueue = held;
    return true;
  }

  #holdKeysForPaste() {
    this.#pasteQueue = [];
    setTimeout(() => this.#releasePasteKeys(), PASTE_WAIT_MS);
  }

  #releasePasteKeys() {
    const queue = this.#pasteQueue;
    this.#pasteQueue = null;
    queue?.forEach((message) => this.#send(message));
  }

  /** Shows the desktop's pointer image ({ png, hotX, hotY }) as this page's cursor over the picture. */
  showCursor(cursor) {
    this.cursor = cursor;
    this.#cursorImage = `data:image/png;base64,${cursor.png}`;
    this.#video.style.cursor = `url(${this.#cursorImage}) ${cursor.hotX} ${cursor.hotY}, auto`;
    this.#overlay.src = this.#cursorImage;
  }

  /** Asks the desktop to take this window's size in device pixels (the pixel ratio capped at 2). */
  requestResize() {
    // the person wants the desktop to take this window's size, and the server does that
    if (!this.#state.choices.resizeDesktop || !this.#state.features.resize) return;
    const ratio = Math.min(devicePixelRatio || 1, 2);
    this.#send(toDesktop.resize(Math.round(innerWidth * ratio), Math.round(innerHeight * ratio)));
  }

  /** Lets go of every key and button, here and on the desktop: nothing stays stuck. */
  releaseAll() {
    this.#pressed.clear();
    this.#buttons.clear();
    // sent also once the viewer has chosen to only watch: that is when nothing may stay pressed
    if (this.#state.inControl && this.#channel?.readyState === 'open') {
      this.#channel.send(JSON.stringify(toDesktop.releaseAll()));
    }
  }

  // --- Keyboard ---------------------------------------------------------------------------------------------

  #onKey(event, down) {
    if (this.#silent || event.isComposing || !this.#channel) return;
    if (isViewerShortcut(event) || pageHasFocus()) return;
    let keysym;
    if (down) {
      keysym = keysymFor(event);
      if (keysym === null) return;
      if (isPasteShortcut(event) && !this.#pasteQueue) this.#holdKeysForPaste();
      this.#pressed.set(event.code || event.key, keysym);
    } else {
      keysym = this.#pressed.get(event.code || event.key);
      this.#pressed.delete(event.code || event.key);
      if (keysym === undefined) return;
    }
    if (this.#send(toDesktop.key(keysym, down))) event.preventDefault();
  }

  /**
   * Text that arrives without a usable key press: on-screen keyboards and dictation ('insertText', key
   * 'Unidentified'), line breaks and deletions they make, and what an input method composed (sent once, at
   * compositionend). A key that was sent as a key press was not inserted (its keydown was cancelled), so nothing
   * is typed twice.
   */
  #onBeforeInput(event) {
    if (this.#silent || !this.#channel) return;
    const type = event.inputType;
    if (event.isComposing || type === 'insertCompositionText') return;
    let sent = true;
    if (type === 'insertText' || type === 'insertReplacementText') {
      const text = event.data ?? event.dataTransfer?.getData('text/plain') ?? '';
      if (text) sent = this.#send(toDesktop.text(text));
    } else if (type === 'insertLineBreak' || type === 'insertParagraph') {
      sent = this.#send(toDesktop.text('\n'));
    } else if (type === 'deleteContentBackward' || type === 'deleteContentForward') {
      const keysym = type === 'deleteContentBackward' ? NAMED_KEYS.Backspace : NAMED_KEYS.Delete;
      sent = this.#send(toDesktop.key(keysym, true)) && this.#send(toDesktop.key(keysym, false));
    } else {
      return;
    }
    if (sent) event.preventDefault();
    this.#keyboardInput.value = '';
  }

  #onComposed(text) {
    if (text) this.#send(toDesktop.text(text));
    this.#keyboardInput.value = '';
  }

  /**
   * Puts the keyboard's focus on the desktop: its hidden text field receives keys and text. On a phone or tablet
   * this opens the on-screen keyboard.
   */
  focusKeyboard() {
    this.#keyboardInput.focus({ preventScroll: true });
  }

  // --- Pointer ----------------------------------------------------------------------------------------------

  /**
   * A point of the page in pixels of the video picture, with the picture's size (smaller than the desktop's when
   * it is sent scaled down), or null outside it (the black bars).
   */
  videoPoint(clientX, clientY) {
    const video = this.#video;
    if (!video.videoWidth) return null;
    const rect = video.getBoundingClientRect();
    const scale = Math.min(rect.width / video.videoWidth, rect.height / video.videoHeight);
    const x = (clientX - rect.left - (rect.width - video.videoWidth * scale) / 2) / scale;
    const y = (clientY - rect.top - (rect.height - video.videoHeight * scale) / 2) / scale;
    if (x < 0 || y < 0 || x >= video.videoWidth || y >= video.videoHeight) return null;
    return { x: Math.floor(x), y: Math.floor(y), scale, width: video.videoWidth, height: video.videoHeight };
  }

  /** Motion is coalesced to one message per animation frame. */
  #moveTo(clientX, clientY) {
    const point = this.videoPoint(clientX, clientY);
    if (!point) return;
    const first = this.#pendingMove === null;
    this.#pendingMove = point;
    // a click may have sent the move already (#flushMove): the frame then has nothing to send
    if (first) requestAnimationFrame(() => this.#flushMove());
  }

  #flushMove() {
    if (this.#pendingMove) {
      const { x, y, width, height } = this.#pendingMove;
      this.#pendingMove = null;
      this.#send(toDesktop.move(x, y, width, height));
    }
  }

  #button(button, down) {
    if (down) this.#buttons.add(button); else this.#buttons.delete(button);
    this.#send(toDesktop.button(button, down));
  }

  #onWheel(event) {
    const unit = event.deltaMode === 1 ? WHEEL_PIXELS_PER_STEP / 3 : event.deltaMode === 2 ? WHEEL_PIXELS_PER_STEP * 3 : 1;
    this.#wheel.x += event.deltaX * unit;
    this.#wheel.y += event.deltaY * unit;
    const dx = Math.trunc(this.#wheel.x / WHEEL_PIXELS_PER_STEP);
    const dy = Math.trunc(this.#wheel.y / WHEEL_PIXELS_PER_STEP);
    this.#wheel.x -= dx * WHEEL_PIXELS_PER_STEP;
    this.#wheel.y -= dy * WHEEL_PIXELS_PER_STEP;
    if (dx || dy) this.#send(toDesktop.wheel(clampSteps(dx), clampSteps(dy)));
  }

  // --- Touch: tap clicks, a long press right-clicks, a drag drags, two fingers scroll or pinch to zoom --------

  #onTouchDown(event) {
    const fingers = (this.#touch?.fingers ?? new Map()).set(event.pointerId, fingerAt(event));
    if (fingers.size === 2) {
      clearTimeout(this.#touch.timer);
      this.#touch = this.#twoFingersDown(fingers, this.#touch);
      return;
    }
    this.#moveTo(event.clientX, event.clientY);
    const touch = { fingers, startX: event.clientX, startY: event.clientY, dragging: false, longPressed: false };
    touch.timer = setTimeout(() => {
      touch.longPressed = true;
      this.#flushMove();
      this.#button(3, true);
      this.#button(3, false);
    }, LONG_PRESS_MS);
    this.#touch = touch;
  }

  #onTouchMove(event) {
    const touch = this.#touch;
    if (!touch?.fingers.has(event.pointerId)) return;
    touch.fingers.set(event.pointerId, { ...touch.fingers.get(event.pointerId), x: event.clientX, y: event.clientY });
    if (touch.scrolling) {
      this.#twoFingersMove(touch);
      return;
    }
    if (!touch.dragging && Math.hypot(event.clientX - touch.startX, event.clientY - touch.startY) > TAP_SLOP_PX) {
      clearTimeout(touch.timer);
      if (!touch.longPressed) {
        touch.dragging = true;
        this.#flushMove();
        this.#button(1, true);
      }
    }
    this.#moveTo(event.clientX, event.clientY);
  }

  /** Two fingers are down: what they do is decided by how they move (see #twoFingersMove). */
  #twoFingersDown(fingers, before) {
    const [a, b] = [...fingers.values()];
    return {
      ...before, fingers, scrolling: true, gesture: null, scrollY: averageY(fingers),
      startDistance: Math.hypot(a.x - b.x, a.y - b.y), startMid: midpoint(a, b), startView: { ...this.#view },
    };
  }

  /**
   * Two fingers moving together up or down scroll the desktop by wheel steps; moving apart or together they zoom
   * the picture (1 to 4 times) around the point between them, and then pan it as they move.
   */
  #twoFingersMove(touch) {
    const [a, b] = [...touch.fingers.values()];
    const distance = Math.hypot(a.x - b.x, a.y - b.y);
    const mid = midpoint(a, b);
    if (touch.gesture === null) {
      if (Math.abs(distance - touch.startDistance) > GESTURE_SLOP_PX) touch.gesture = 'zoom';
      else if (Math.abs(mid.y - touch.startMid.y) > GESTURE_SLOP_PX) touch.gesture = 'scroll';
      else return;
    }
    if (touch.gesture === 'scroll') {
      const steps = Math.trunc((touch.scrollY - mid.y) / TOUCH_SCROLL_PX_PER_STEP);
      if (steps) {
        touch.scrollY -= steps * TOUCH_SCROLL_PX_PER_STEP;
        this.#send(toDesktop.wheel(0, clampSteps(steps)));
      }
      return;
    }
    const start = touch.startView;
    const scale = Math.min(MAX_ZOOM, Math.max(1, start.scale * distance / Math.max(1, touch.startDistance)));
    // the point of the picture that was between the fingers stays between them
    const localX = (touch.startMid.x - start.x) / start.scale;
    const localY = (touch.startMid.y - start.y) / start.scale;
    this.#setView(scale, mid.x - scale * localX, mid.y - scale * localY);
  }

  /** Zooms and pans the picture; input keeps landing where it is shown (videoPoint reads the shown box). */
  #setView(scale, x, y) {
    this.#view = scale < 1.05 ? { scale: 1, x: 0, y: 0 } : { scale, x, y };
    const { scale: s, x: tx, y: ty } = this.#view;
    this.#video.style.transformOrigin = '0 0';
    this.#video.style.transform = s === 1 ? '' : `translate(${tx}px, ${ty}px) scale(${s})`;
  }

  #onTouchUp(event) {
    const touch = this.#touch;
    if (!touch?.fingers.has(event.pointerId)) return;
    touch.fingers.delete(event.pointerId);
    if (touch.fingers.size > 0) return;
    clearTimeout(touch.timer);
    this.#flushMove();
    if (touch.dragging) {
      this.#button(1, false);
    } else if (!touch.longPressed && !touch.scrolling) {
      this.#button(1, true);
      this.#button(1, false);
    }
    this.#touch = null;
  }

  // --- Trackpad mode: touch moves the pointer as a laptop's trackpad does ------------------------------------
  // One finger moves it by the finger's motion, a tap clicks where it is, a two-finger tap right-clicks, two
  // fingers moving scroll.

  #onTrackpadDown(event) {
    const fingers = (this.#touch?.fingers ?? new Map()).set(event.pointerId, fingerAt(event));
    if (fingers.size === 2) {
      this.#touch = this.#twoFingersDown(fingers, this.#touch);
      return;
    }
    this.#touch = {
      fingers, trackpad: true, since: performance.now(), moved: false, rest: { x: 0, y: 0 },
    };
  }

  #onTrackpadMove(event) {
    const touch = this.#touch;
    const finger = touch?.fingers.get(event.pointerId);
    if (!finger) return;
    const dx = event.clientX - finger.x;
    const dy = event.clientY - finger.y;
    touch.fingers.set(event.pointerId, { ...touch.fingers.get(event.pointerId), x: event.clientX, y: event.clientY });
    if (Math.hypot(event.clientX - finger.startX, event.clientY - finger.startY) > TAP_SLOP_PX) touch.moved = true;
    if (touch.scrolling) {
      this.#twoFingersMove(touch);
      return;
    }
    // page pixels to desktop pixels, keeping the fractions for the next move
    const scale = this.videoPoint(innerWidth / 2, innerHeight / 2)?.scale ?? 1;
    touch.rest.x += dx / scale;
    touch.rest.y += dy / scale;
    const x = Math.trunc(touch.rest.x);
    const y = Math.trunc(touch.rest.y);
    if (x || y) {
      touch.rest.x -= x;
      touch.rest.y -= y;
      this.#send(toDesktop.moveBy(x, y));
    }
  }

  #onTrackpadUp(event) {
    const touch = this.#touch;
    if (!touch?.fingers.has(event.pointerId)) return;
    touch.fingers.delete(event.pointerId);
    if (touch.fingers.size > 0) return;
    const tap = !touch.moved && performance.now() - touch.since < LONG_PRESS_MS;
    if (tap) {
      const button = touch.scrolling ? 3 : 1;
      this.#button(button, true);
      this.#button(button, false);
    }
    this.#touch = null;
  }

  // --- Pointer lock (Ctrl+Shift+click): relative motion for games ------------------------------------------

  #locked() {
    return document.pointerLockElement === this.#video;
  }

  /** Locks the pointer to the desktop (from the toolbar's button), its cursor starting in the middle. */
  lockPointer() {
    this.#lockedCursor = { x: innerWidth / 2, y: innerHeight / 2 };
    this.#video.requestPointerLock();
  }

  #onLockedMove(event) {
    const scale = this.videoPoint(innerWidth / 2, innerHeight / 2)?.scale ?? 1;
    const dx = Math.round(event.movementX / scale);
    const dy = Math.round(event.movementY / scale);
    if (dx || dy) this.#send(toDesktop.moveBy(dx, dy));
    // Under pointer lock the page has no cursor of its own: draw the desktop's where it should be.
    const rect = this.#video.getBoundingClientRect();
    this.#lockedCursor.x = Math.min(rect.right, Math.max(rect.left, this.#lockedCursor.x + event.movementX));
    this.#lockedCursor.y = Math.min(rect.bottom, Math.max(rect.top, this.#lockedCursor.y + event.movementY));
    this.#placeOverlay();
  }

  #placeOverlay() {
    const hotX = this.cursor?.hotX ?? 0;
    const hotY = this.cursor?.hotY ?? 0;
    this.#overlay.style.transform = `translate(${this.#lockedCursor.x - hotX}px, ${this.#lockedCursor.y - hotY}px)`;
  }

  // --- Wiring -----------------------------------------------------------------------------------------------

  #listen() {
    const video = this.#video;
    addEventListener('keydown', (e) => this.#onKey(e, true));
    addEventListener('keyup', (e) => this.#onKey(e, false));
    this.#keyboardInput.addEventListener('beforeinput', (e) => this.#onBeforeInput(e));
    this.#keyboardInput.addEventListener('compositionend', (e) => this.#onComposed(e.data ?? ''));
    document.addEventListener('paste', (e) => {
      if (this.#silent || pageHasFocus()) return;
      const text = e.clipboardData?.getData('text/plain');
      if (text) this.sendClipboard(text);
      e.preventDefault();
      this.#releasePasteKeys();
    });
    addEventListener('blur', () => this.releaseAll());
    // keys held when the keyboard goes to a control of the page (Ctrl and Shift of Ctrl+Shift+M) are let go on
    // the desktop, whose text would otherwise come out as shortcuts
    this.#keyboardInput.addEventListener('blur', () => this.releaseAll());
    addEventListener('resize', () => {
      clearTimeout(this.#resizeTimer);
      this.#resizeTimer = setTimeout(() => this.requestResize(), 400);
    });
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) this.releaseAll();
    });
    video.addEventListener('contextmenu', (e) => e.preventDefault());
    video.addEventListener('pointermove', (e) => {
      if (this.#locked()) return;
      if (e.pointerType !== 'touch') this.#moveTo(e.clientX, e.clientY);
      else if (this.#trackpad) this.#onTrackpadMove(e);
      else this.#onTouchMove(e);
    });
    video.addEventListener('pointerdown', (e) => {
      if (this.#locked()) {
        this.#button(mouseButton(e.button), true);
        return;
      }
      if (e.pointerType === 'mouse' && e.button === 0 && e.ctrlKey && e.shiftKey) {
        this.#lockedCursor = { x: e.clientX, y: e.clientY };
        video.requestPointerLock();
        e.preventDefault();
        return;
      }
      video.setPointerCapture(e.pointerId);
      if (e.pointerType !== 'touch') this.focusKeyboard(); // a phone's keyboard opens from its button only
      if (e.pointerType === 'touch') {
        if (this.#trackpad) this.#onTrackpadDown(e); else this.#onTouchDown(e);
      } else {
        this.#moveTo(e.clientX, e.clientY);
        this.#flushMove();
        this.#button(mouseButton(e.button), true);
      }
      e.preventDefault();
    });
    video.addEventListener('pointerup', (e) => {
      if (e.pointerType === 'touch' && !this.#locked()) {
        if (this.#touch?.trackpad) this.#onTrackpadUp(e); else this.#onTouchUp(e);
      } else {
        this.#flushMove();
        this.#button(mouseButton(e.button), false);
      }
    });
    video.addEventListener('pointercancel', (e) => {
      if (e.pointerType === 'touch') {
        if (this.#touch?.trackpad) this.#onTrackpadUp(e); else this.#onTouchUp(e);
      }
    });
    video.addEventListener('wheel', (e) => {
      e.preventDefault();
      this.#onWheel(e);
    }, { passive: false });
    document.addEventListener('mousemove', (e) => {
      if (this.#locked()) this.#onLockedMove(e);
    });
    document.addEventListener('pointerlockchange', () => {
      this.#overlay.hidden = !this.#locked();
      if (this.#locked()) this.#placeOverlay();
    });
  }
}

/** The viewer's own shortcuts (selkies' keys), which never go to the desktop. */
export function isViewerShortcut(event) {
  return event.ctrlKey && event.shiftKey && ['KeyF', 'KeyM'].includes(event.code);
}

function isPasteShortcut(event) {
  return (event.ctrlKey && event.code === 'KeyV') || (event.shiftKey && event.key === 'Insert');
}

/** Keys belong to the page while its own controls (the bar, the settings) have the focus. */
function pageHasFocus() {
  const focused = document.activeElement;
  return focused?.id !== 'keyboard-input' && focused?.closest?.('button, input, select, textarea, dialog') != null;
}

function mouseButton(domButton) {
  return [1, 2, 3, 8, 9][domButton] ?? 1;
}

function clampSteps(steps) {
  return Math.max(-50, Math.min(50, steps));
}

/** A finger as it lands: where it is, and where it started. */
function fingerAt(event) {
  return { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY };
}

function midpoint(a, b) {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

function averageY(fingers) {
  let sum = 0;
  for (const { y } of fingers.values()) sum += y;
  return sum / fingers.size;
}
