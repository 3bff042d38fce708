// The wire at a glance, as io.woperator.protocol has it: the messages of each channel and direction. What this
// page sends is built here, and what it receives is named here; nothing else spells a message type.

/** What the server sends on the signaling WebSocket (ServerMessage). */
export const FromServer = Object.freeze({
  WELCOME: 'welcome', OFFER: 'offer', CANDIDATE: 'candidate', AUDIO: 'audio', PICTURE: 'picture',
  MICROPHONE_ANSWER: 'microphone-answer', CONTROL: 'control', CONTROL_REQUEST: 'control-request', QUALITY: 'quality',
  ERROR: 'error', BYE: 'bye', SENDERS: 'senders', DESKTOP: 'desktop',
});

/** What the server sends on the data channel "input" (DesktopMessage). */
export const FromDesktop = Object.freeze({
  CURSOR: 'cursor', CLIPBOARD: 'clipboard', CLIPBOARD_TOO_LARGE: 'clipboard-too-large', SENDER_STATS: 'sender-stats',
});

/** The codes of the server's error messages that the page acts on (ErrorCode). */
export const Errors = Object.freeze({
  TOO_MANY_VIEWERS: 'too-many-viewers', UNKNOWN_STREAM: 'unknown-stream', STREAM_STOPPED: 'stream-stopped',
  MICROPHONE_UNAVAILABLE: 'microphone-unavailable', FORBIDDEN: 'forbidden', SENDER_UNAVAILABLE: 'sender-unavailable',
});

/** The candidate's fields as the server takes them; `peer` is 'microphone' for the microphone's connection. */
function candidateFields({ candidate, sdpMid, sdpMLineIndex }, peer) {
  return { type: 'candidate', ...(peer ? { peer } : {}), candidate, sdpMid, sdpMLineIndex };
}

/** What this page sends on the signaling WebSocket (ViewerMessage). */
export const toServer = Object.freeze({
  hello: () => ({ type: 'hello' }),
  answer: (sdp) => ({ type: 'answer', sdp }),
  candidate: (candidate) => candidateFields(candidate),
  microphoneCandidate: (candidate) => candidateFields(candidate, 'microphone'),
  microphoneOffer: (sdp) => ({ type: 'microphone-offer', sdp }),
  microphoneStop: () => ({ type: 'microphone-stop' }),
  requestControl: () => ({ type: 'request-control' }),
  grantControl: (viewerId) => ({ type: 'grant-control', viewerId }),
  releaseControl: () => ({ type: 'release-control' }),
  /** Any of { codec, maxBitrateKbps, fps, scale }. */
  quality: (changes) => ({ type: 'quality', ...changes }),
  /** A toDesktop message, over the socket when the picture comes through Janus (no data channel to the server). */
  input: (event) => ({ type: 'input', event }),
});

/** What this page sends on the data channel "input" (InputMessage). */
export const toDesktop = Object.freeze({
  key: (keysym, down) => ({ type: 'key', keysym, down }),
  /** Text that came without usable key presses (on-screen keyboards, input methods, dictation). */
  text: (text) => ({ type: 'text', text }),
  /** A pixel of the picture, and the picture's size, which the server scales to the desktop's. */
  move: (x, y, width, height) => ({ type: 'move', x, y, width, height }),
  moveBy: (dx, dy) => ({ type: 'move-by', dx, dy }),
  button: (button, down) => ({ type: 'button', button, down }),
  wheel: (dx, dy) => ({ type: 'wheel', dx, dy }),
  releaseAll: () => ({ type: 'release-all' }),
  clipboard: (text) => ({ type: 'clipboard', text }),
  resize: (width, height) => ({ type: 'resize', width, height }),
});

/** Whether a message built by toDesktop is a key press or release. */
export const isKey = (message) => message.type === 'key';
