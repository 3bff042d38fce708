// The viewer's side of the protocol at /ws (see io.woperator.signaling.SignalMessage): the server offers,
// we answer, both sides trickle ICE candidates. Reconnects by itself, with a growing pause, whenever the
// socket closes or the peer connection fails.

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;
/** How long a 'disconnected' peer may stay so before we start over. */
const DISCONNECTED_GRACE_MS = 4000;

export class ViewerConnection extends EventTarget {
  #url;
  #video;
  #socket = null;
  #retryMs = RETRY_MIN_MS;
  #retryTimer = null;
  #graceTimer = null;
  #queue = Promise.resolve();
  #closeReason = '';

  /** The current RTCPeerConnection, or null between connections. */
  peer = null;
  viewerId = null;
  state = 'connecting';
  /** How many times a stream went live since the page loaded. */
  liveCount = 0;

  constructor(url, video) {
    super();
    this.#url = url;
    this.#video = video;
  }

  start() {
    this.#connect();
  }

  #connect() {
    clearTimeout(this.#retryTimer);
    this.#closeReason = '';
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      // Handle messages strictly one after another: a candidate must not overtake the offer.
      this.#queue = this.#queue.then(() => this.#onMessage(socket, event.data)).catch((error) => {
        console.error('woperator: could not handle a message', error);
        this.#setState('error', error.message ?? String(error));
      });
    });
    socket.addEventListener('close', (event) => this.#onSocketClosed(socket, event));
  }

  async #onMessage(socket, data) {
    if (socket !== this.#socket) return;
    const message = JSON.parse(data);
    switch (message.type) {
      case 'welcome':
        this.viewerId = message.viewerId;
        break;
      case 'offer':
        await this.#answer(socket, message.sdp);
        break;
      case 'candidate':
        if (this.peer) {
          await this.peer.addIceCandidate({
            candidate: message.candidate, sdpMid: message.sdpMid, sdpMLineIndex: message.sdpMLineIndex,
          });
        }
        break;
      case 'error':
        console.warn(`woperator: the server refused a message: ${message.code}: ${message.message}`);
        break;
      case 'bye':
        this.#closeReason = message.reason;
        break;
      default:
        console.warn('woperator: unknown message from the server', message.type);
    }
  }

  async #answer(socket, sdp) {
    this.#closePeer();
    const peer = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.peer = peer;
    peer.addEventListener('track', (event) => {
      this.#video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    });
    peer.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate && socket.readyState === WebSocket.OPEN) {
        this.#send(socket, {
          type: 'candidate', candidate: candidate.candidate,
          sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex,
        });
      }
    });
    peer.addEventListener('connectionstatechange', () => this.#onPeerState(peer));
    await peer.setRemoteDescription({ type: 'offer', sdp });
    for (const receiver of peer.getReceivers()) {
      // Show each frame as soon as it is decoded: no extra jitter buffering for a desktop.
      if ('jitterBufferTarget' in receiver) receiver.jitterBufferTarget = 0;
      if ('playoutDelayHint' in receiver) receiver.playoutDelayHint = 0;
    }
    const answer = await peer.createAnswer();
    await peer.setLocalDescription(answer);
    this.#send(socket, { type: 'answer', sdp: answer.sdp });
  }

  #onPeerState(peer) {
    if (peer !== this.peer) return;
    clearTimeout(this.#graceTimer);
    switch (peer.connectionState) {
      case 'connected':
        this.#retryMs = RETRY_MIN_MS;
        this.liveCount++;
        this.#setState('live');
        break;
      case 'disconnected':
        this.#setState('reconnecting', 'network interrupted');
        this.#graceTimer = setTimeout(() => this.#restart('the network dropped'), DISCONNECTED_GRACE_MS);
        break;
      case 'failed':
        this.#restart('no network path to the server');
        break;
    }
  }

  #onSocketClosed(socket, event) {
    if (socket !== this.#socket) return;
    this.#socket = null;
    this.#closePeer();
    const reason = this.#closeReason || event.reason || (event.code === 1006 ? 'server unreachable' : `closed (${event.code})`);
    this.#scheduleReconnect(reason);
  }

  /** Drops the socket and the peer, and starts again after the retry pause. */
  #restart(reason) {
    const socket = this.#socket;
    this.#socket = null;
    socket?.close();
    this.#closePeer();
    this.#scheduleReconnect(reason);
  }

  #scheduleReconnect(reason) {
    this.#setState('reconnecting', reason);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), this.#retryMs);
    this.#retryMs = Math.min(RETRY_MAX_MS, this.#retryMs * 2);
  }

  #closePeer() {
    clearTimeout(this.#graceTimer);
    if (this.peer) {
      this.peer.close();
      this.peer = null;
    }
  }

  #send(socket, message) {
    socket.send(JSON.stringify(message));
  }

  #setState(state, detail = '') {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, detail } }));
  }
}
