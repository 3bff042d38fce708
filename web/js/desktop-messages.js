// What the desktop says on the channel "input" (DesktopMessage, or over the socket through Janus): its pointer's
// image, text copied on it, and its encoder's figures. Read here, once, and announced as events; input.js sends.
import { FromDesktop } from './protocol.js';

export class DesktopMessages extends EventTarget {
  /** The pointer's latest image ({ png, width, height, hotX, hotY }), for tests and the console. */
  cursor = null;
  /** The text last copied on the desktop. */
  clipboard = null;

  /** Reads what comes on a new connection's channel. */
  attach(channel) {
    channel.addEventListener('message', ({ data }) => this.#read(data));
  }

  #read(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    switch (message.type) {
      case FromDesktop.CURSOR:
        this.cursor = message;
        this.#announce('cursor', message);
        break;
      case FromDesktop.CLIPBOARD:
        this.clipboard = message.text;
        this.#announce('clipboard', message.text);
        break;
      case FromDesktop.CLIPBOARD_TOO_LARGE:
        this.#announce('clipboard-too-large', message.limit);
        break;
      case FromDesktop.SENDER_STATS:
        this.#announce('sender-stats', message);
        break;
      default:
        break; // a newer server's message, which this page has no use for
    }
  }

  #announce(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
