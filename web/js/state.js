// What the page knows of its stream and connection, in one place: the connection writes it as the server tells,
// the page's parts read it and hear of each change.

const WORDS = {
  connecting: () => 'Connecting…',
  live: () => 'Live',
  reconnecting: (detail, retryAt) => {
    const seconds = Math.ceil((retryAt - Date.now()) / 1000);
    return `Reconnecting${detail ? ` (${detail})` : ''}${seconds >= 1 ? ` in ${seconds} s` : ''}…`;
  },
  error: (detail) => `Error: ${detail}`,
  waiting: (detail) => `The desktop has gone away${detail ? `: ${detail}` : ''}. Waiting for it to come back…`,
  directory: () => 'Choose a desktop',
};

/** The same, short enough for the toolbar: 'Reconnecting in 2 s'. */
const SHORT = {
  connecting: () => 'Connecting…',
  live: () => 'Live',
  reconnecting: (retryAt) => {
    const seconds = Math.ceil((retryAt - Date.now()) / 1000);
    return seconds >= 1 ? `Reconnecting in ${seconds} s` : 'Reconnecting…';
  },
  error: () => 'Stopped',
  waiting: () => 'Desktop gone',
  directory: () => 'Desktops',
};

/**
 * What the page shows of the connection: its state, or 'waiting' while it is live (or being set up) but the server
 * has no picture to send (its X server went away, say, or the relay the picture goes through).
 */
export function shownState({ connection, picture }) {
  return (connection === 'live' || connection === 'connecting') && !picture.available ? 'waiting' : connection;
}

/** The shown state in words a person reads: 'Reconnecting (the server restarted) in 2 s…'. */
export function connectionInWords(state) {
  const shown = shownState(state);
  return WORDS[shown](shown === 'waiting' ? state.picture.reason : state.detail, state.retryAt);
}

/** The shown state in a word or two, for the toolbar. */
export function connectionInShort(state) {
  return SHORT[shownState(state)](state.retryAt);
}

export class ViewerState extends EventTarget {
  /**
   * 'connecting', 'live', 'reconnecting' or 'error', and the words that go with it; 'directory' on a signaling hub
   * asked for no desktop.
   */
  connection = 'connecting';
  detail = '';
  /** While reconnecting: when the next try is (Date.now() milliseconds). */
  retryAt = 0;
  /** How many times the stream went live since the page loaded. */
  liveCount = 0;
  viewerId = null;
  /** What our credentials let us do: 'view', 'control' or 'admin'. */
  role = 'view';
  /** What the stream offers, from the server's welcome. */
  features = { desktopAudio: false, microphone: false, input: false, resize: false, video: true };
  /** The stream shown ({ id, description }) and those the server serves. */
  stream = null;
  streams = [];
  /** Who drives the desktop (a viewer id or null) and how many viewers are connected. */
  control = { controller: null, viewers: 0 };
  /** The stream's quality as the server applies it: { codec, maxBitrateKbps, fps, scale }. */
  quality = null;
  /** Whether the stream's sound gets through ({ available, reason }), once the server has said. */
  audio = null;
  /** Whether the server captures the stream's picture ({ available, reason }). */
  picture = { available: true, reason: null };
  /** On a signaling hub: the desktops it can open ({ name, streams, viewers }). */
  senders = [];
  /** What this viewer's uploads show the server; null where there is no desktop to upload to. */
  uploadKey = null;
  /** 'janus' when the picture comes through Janus rather than straight from the server. */
  relay = null;
  /**
   * What the person chose in this browser (main.js keeps it across visits): only watching, touch as a trackpad,
   * the desktop taking the window's size, and how pictures are shown ('auto', 'channel', 'direct', 'browser'; see
   * connection.js). The parts that act on a choice watch it here.
   */
  choices = { viewOnly: false, trackpad: false, resizeDesktop: true, render: 'auto' };

  /** Whether this viewer drives the desktop now. */
  get inControl() {
    return this.viewerId !== null && this.control.controller === this.viewerId;
  }

  /** Changes some of the person's choices. */
  choose(patch) {
    this.update({ choices: { ...this.choices, ...patch } });
  }

  /** Changes some fields, then tells those watching any of them, once. */
  update(patch) {
    Object.assign(this, patch);
    this.dispatchEvent(new CustomEvent('change', { detail: Object.keys(patch) }));
  }

  /** Calls `listener(state)` whenever one of `fields` changes. */
  watch(fields, listener) {
    this.addEventListener('change', ({ detail: changed }) => {
      if (fields.some((field) => changed.includes(field))) listener(this);
    });
  }
}
