// The viewer's side of the signaling WebSocket (messages in protocol.js): the server offers, we answer, both
// sides trickle ICE candidates. What the server tells goes into the page's ViewerState. Reconnects by itself,
// with a growing pause, whenever the socket closes or the peer connection fails.
import { Errors, FromServer, toServer } from './protocol.js';
import { ViewerState } from './state.js';
import { ScreenOutput } from './direct-render.js';
import { SocketChannel } from './socket-channel.js';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;
/** How long a 'disconnected' peer may stay so before we start over. */
const DISCONNECTED_GRACE_MS = 4000;
const FORCE_RELAY = new URLSearchParams(location.search).has('relay');
/** A connection not up this long after the answer is started over, with the reason if one is known. */
const CONNECT_TIMEOUT_MS = 15000;
/**
 * The round trip under which a link counts as local, so that in 'auto' the picture takes the data channel: there
 * a reliable channel's retransmissions cost little, and the bitrate's lack of adaptation matters little.
 */
const LOCAL_ROUND_TRIP_S = 0.010;
/**
 * How often, and how many times, a new connection's round trip is looked at before 'auto' settles on RTP. One round
 * trip on a busy machine can pass the mark even on loopback, and ICE measures one every 2.5 s once connected: a
 * link counts as local when any of them, over 10 s, is under the mark.
 */
const LINK_CHECK_MS = 500;
const LINK_CHECKS = 20;

export class ViewerConnection extends EventTarget {
  #url;
  #video;
  #socket = null;
  #retryMs = RETRY_MIN_MS;
  #retryTimer = null;
  #graceTimer = null;
  #connectTimer = null;
  #iceError = null;
  #queue = Promise.resolve();
  #closeReason = '';
  #finalError = null;

  /** The current RTCPeerConnection, or null between connections. */
  peer = null;
  /** What the <video> shows of the current connection (direct-render.js), or null between connections. */
  output = null;
  /** In 'auto': whether the current connection's link was found local (true, false), or null until known. */
  localLink = null;
  /** What the server has told, for the page to read and watch. */
  state = new ViewerState();
  /** The socket whose offer made the current peer: a later offer on it renegotiates that peer. */
  #offerSocket = null;
  /** The microphone's stream and the connection that carries it, while it is on. */
  #microphone = null;
  #microphonePeer = null;
  /** 'janus' when the picture comes through Janus (the server's welcome says): input goes on the socket then. */
  #relay = null;
  /** The socket as the desktop's channel, while the picture comes through Janus. */
  #socketChannel = null;
  /** The RTCPeerConnection configuration the server's welcome gave (ICE servers, transport policy). */
  #rtcConfig = { bundlePolicy: 'max-bundle' };

  /** How many times the stream went live since the page loaded. */
  get liveCount() {
    return this.state.liveCount;
  }

  constructor(url, video) {
    super();
    this.#url = url;
    this.#video = video;
    this.#watchRender();
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
    // the server sets nothing up for a socket until it says hello
    socket.addEventListener('open', () => this.#send(socket, toServer.hello()));
  }

  async #onMessage(socket, data) {
    if (socket !== this.#socket) return;
    const message = JSON.parse(data);
    switch (message.type) {
      case FromServer.WELCOME: {
        this.#rtcConfig = {
          bundlePolicy: 'max-bundle',
          iceServers: message.iceServers ?? [],
          // ?relay in the page's address forces media through TURN, to try it out
          iceTransportPolicy: FORCE_RELAY ? 'relay' : (message.iceTransportPolicy ?? 'all'),
        };
        const streams = message.streams ?? [];
        this.#relay = message.relay ?? null;
        // the desktop's news (its cursor) may come before the offer
        this.#socketChannel = this.#relay === 'janus' ? new SocketChannel(socket) : null;
        if (this.#socketChannel) this.dispatchEvent(new CustomEvent('input-channel', { detail: this.#socketChannel }));
        this.state.update({
          relay: this.#relay,
          viewerId: message.viewerId,
          role: message.role ?? 'control',
          features: {
            desktopAudio: message.desktopAudio, microphone: message.microphone, input: message.input,
            resize: message.resize, video: message.video !== false,
          },
          streams,
          stream: streams.find((s) => s.id === message.stream) ?? { id: message.stream, description: message.stream },
          uploadKey: message.uploadKey ?? null,
          // a new connection starts from a picture that works: the server says when it does not
          picture: { available: true, reason: null },
        });
        break;
      }
      case FromServer.AUDIO:
        this.state.update({ audio: { available: message.available, reason: message.reason } });
        break;
      case FromServer.PICTURE:
        this.state.update({ picture: { available: message.available, reason: message.reason ?? null } });
        break;
      case FromServer.OFFER:
        if (this.#offerSocket === socket && this.peer) {
          await this.#renegotiate(socket, message.sdp);
        } else {
          this.#offerSocket = socket;
          await this.#answer(socket, message.sdp);
        }
        break;
      case FromServer.QUALITY:
        this.state.update({
          quality: { codec: message.codec, maxBitrateKbps: message.maxBitrateKbps, fps: message.fps, scale: message.scale },
        });
        this.output?.useCodec(message.codec);
        break;
      case FromServer.CANDIDATE: {
        const target = message.peer === 'microphone' ? this.#microphonePeer : this.peer;
        if (target) {
          await target.addIceCandidate({
            candidate: message.candidate, sdpMid: message.sdpMid, sdpMLineIndex: message.sdpMLineIndex,
          });
        }
        break;
      }
      case FromServer.MICROPHONE_ANSWER:
        await this.#microphonePeer?.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        break;
      case FromServer.CONTROL:
        this.state.update({ control: { controller: message.controller ?? null, viewers: message.viewers } });
        break;
      case FromServer.CONTROL_REQUEST:
        this.dispatchEvent(new CustomEvent('control-request', { detail: message.viewerId }));
        break;
      case FromServer.ERROR:
        console.warn(`woperator: the server refused a message: ${message.code}: ${message.message}`);
        if (message.code === Errors.TOO_MANY_VIEWERS) this.#closeReason = 'the desktop has as many viewers as it allows';
        if (message.code === Errors.STREAM_STOPPED) this.#closeReason = 'the stream is stopped; waiting for it to start';
        if (message.code === Errors.UNKNOWN_STREAM) this.#finalError = message.message;
        if (message.code === Errors.SENDER_UNAVAILABLE) {
          this.#closeReason = 'the desktop is not connected to the hub now';
        }
        this.dispatchEvent(new CustomEvent('server-error', { detail: message }));
        break;
      case FromServer.BYE:
        this.#closeReason = message.reason;
        break;
      case FromServer.DESKTOP:
        this.#socketChannel?.receive(message.event);
        break;
      case FromServer.SENDERS:
        // a signaling hub, asked for no desktop: the ones it can open
        this.state.update({ connection: 'directory', detail: '', senders: message.senders ?? [] });
        this.#retryMs = RETRY_MIN_MS;
        break;
      default:
        console.warn('woperator: unknown message from the server', message.type);
    }
  }

  async #answer(socket, sdp) {
    this.#closePeer();
    const peer = new RTCPeerConnection(this.#rtcConfig);
    this.peer = peer;
    const output = new ScreenOutput(this.#video, this.#render);
    this.output = output;
    this.localLink = null;
    peer.addEventListener('track', (event) => output.add(event));
    peer.addEventListener('datachannel', ({ channel }) => {
      if (channel.label === 'input') this.dispatchEvent(new CustomEvent('input-channel', { detail: channel }));
      output.addChannel(channel, this.state.quality?.codec ?? null);
    });
    peer.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate && socket.readyState === WebSocket.OPEN) this.#send(socket, toServer.candidate(candidate));
    });
    peer.addEventListener('connectionstatechange', () => this.#onPeerState(peer));
    this.#iceError = null;
    peer.addEventListener('icecandidateerror', (event) => {
      if (peer === this.peer && event.url?.startsWith('turn')) this.#iceError = turnProblem(event);
    });
    await peer.setRemoteDescription({ type: 'offer', sdp });
    for (const receiver of peer.getReceivers()) {
      // Show each frame as soon as it is decoded: no extra jitter buffering for a desktop.
      if ('jitterBufferTarget' in receiver) receiver.jitterBufferTarget = 0;
      if ('playoutDelayHint' in receiver) receiver.playoutDelayHint = 0;
    }
    const answer = await peer.createAnswer();
    await peer.setLocalDescription(answer);
    this.#send(socket, toServer.answer(answer.sdp));
    clearTimeout(this.#connectTimer);
    this.#connectTimer = setTimeout(() => {
      if (peer === this.peer && peer.connectionState !== 'connected') {
        this.#restart(this.#iceError ?? `no connection within ${CONNECT_TIMEOUT_MS / 1000} s`);
      }
    }, CONNECT_TIMEOUT_MS);
  }

  /** The server offers again on the same connection (a new codec): answer it in place, the picture goes on. */
  async #renegotiate(socket, sdp) {
    await this.peer.setRemoteDescription({ type: 'offer', sdp });
    const answer = await this.peer.createAnswer();
    await this.peer.setLocalDescription(answer);
    this.#send(socket, toServer.answer(answer.sdp));
  }

  /** Changes the stream while it runs: any of { codec, maxBitrateKbps, fps, scale }. */
  setQuality(changes) {
    this.#sendNow(toServer.quality(changes));
  }

  /**
   * How pictures come and are shown (direct-render.js), as the person chose (state.choices.render): 'channel' (on
   * the data channel "frames", each shown as it arrives), 'direct' (RTP's, shown as they are decoded), 'browser',
   * where the browser can, or 'auto' (the channel where the link is local, else direct).
   */
  get #render() {
    return this.state.choices.render;
  }

  /**
   * A new choice applies to a running stream by connecting again, as the browser takes a frame transform only on a
   * new receiver.
   */
  #watchRender() {
    let render = this.#render;
    this.state.watch(['choices'], () => {
      if (this.#render === render) return;
      render = this.#render;
      if (this.peer) this.#restart('switching how the picture is shown');
    });
  }

  /** 'auto': as soon as the new connection's link is found local, the picture takes the data channel. */
  async #judgeLink(peer, checksLeft) {
    const link = await selectedLink(peer).catch(() => null);
    if (peer !== this.peer) return;
    const local = link !== null && !link.relayed && link.roundTripS <= LOCAL_ROUND_TRIP_S;
    if (!local && !link?.relayed && checksLeft > 1) {
      setTimeout(() => this.#judgeLink(peer, checksLeft - 1), LINK_CHECK_MS);
      return;
    }
    this.localLink = local;
    if (local) this.output?.useChannel();
  }

  /** Asks to drive: granted at once when no one does (or we are an admin), else the driver is asked. */
  requestControl() {
    this.#sendNow(toServer.requestControl());
  }

  /** Hands control to another viewer (we drive, or are an admin). */
  grantControl(viewerId) {
    this.#sendNow(toServer.grantControl(viewerId));
  }

  releaseControl() {
    this.#sendNow(toServer.releaseControl());
  }

  #sendNow(message) {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#send(this.#socket, message);
  }

  /** Whether the microphone is on (it stays on across reconnections). */
  get microphoneOn() {
    return this.#microphone !== null;
  }

  /** Turns the microphone on (asking the browser's permission) or off. Rejects when the browser refuses. */
  async setMicrophone(on) {
    if (on === this.microphoneOn) return;
    if (on) {
      this.#microphone = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
      if (this.state.connection === 'live') await this.#offerMicrophone();
    } else {
      this.#closeMicrophonePeer();
      this.#sendNow(toServer.microphoneStop());
      this.#microphone.getTracks().forEach((track) => track.stop());
      this.#microphone = null;
    }
  }

  /** The microphone travels on a connection of its own, which this side offers. */
  async #offerMicrophone() {
    const socket = this.#socket;
    if (!this.#microphone || !socket) return;
    this.#closeMicrophonePeer();
    const peer = new RTCPeerConnection(this.#rtcConfig);
    this.#microphonePeer = peer;
    for (const track of this.#microphone.getAudioTracks()) peer.addTransceiver(track, { direction: 'sendonly' });
    peer.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate && socket.readyState === WebSocket.OPEN) this.#send(socket, toServer.microphoneCandidate(candidate));
    });
    const offer = await peer.createOffer();
    await peer.setLocalDescription(offer);
    this.#send(socket, toServer.microphoneOffer(offer.sdp));
  }

  #closeMicrophonePeer() {
    this.#microphonePeer?.close();
    this.#microphonePeer = null;
  }

  #onPeerState(peer) {
    if (peer !== this.peer) return;
    clearTimeout(this.#graceTimer);
    switch (peer.connectionState) {
      case 'connected':
        this.#retryMs = RETRY_MIN_MS;
        this.state.update({ connection: 'live', detail: '', liveCount: this.state.liveCount + 1 });
        if (this.#render === 'auto') this.#judgeLink(peer, LINK_CHECKS);
        // A microphone that was on before a reconnection comes back with the new connection.
        if (this.#microphone) this.#offerMicrophone().catch((e) => console.warn('woperator: microphone', e));
        break;
      case 'disconnected':
        this.#setState('reconnecting', 'network interrupted');
        this.#graceTimer = setTimeout(() => this.#restart('the network dropped'), DISCONNECTED_GRACE_MS);
        break;
      case 'failed': {
        const turn = this.#rtcConfig.iceServers?.some((s) => [s.urls].flat().some((u) => u.startsWith('turn')));
        this.#restart(this.#iceError ?? (turn ? 'no network path to the server, not even through the TURN server'
          : 'no network path to the server (a firewall? a TURN server may help)'));
        break;
      }
    }
  }

  async #onSocketClosed(socket, event) {
    if (socket !== this.#socket) return;
    this.#socket = null;
    this.#closePeer();
    if (this.#finalError) {
      // retrying cannot help: the stream asked for does not exist
      this.#setState('error', `${this.#finalError}. Choose another stream.`);
      return;
    }
    let reason = this.#closeReason || event.reason;
    if (!reason && event.code === 1006) {
      // The browser does not tell why a WebSocket was refused: ask the server over plain HTTP.
      const refusal = await whyRefused();
      if (refusal) {
        this.#setState('error', refusal);
        return;
      }
      reason = 'server unreachable';
    }
    this.#scheduleReconnect(reason || `closed (${event.code})`);
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
    this.state.update({ connection: 'reconnecting', detail: reason, retryAt: Date.now() + this.#retryMs });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), this.#retryMs);
    this.#retryMs = Math.min(RETRY_MAX_MS, this.#retryMs * 2);
  }

  #closePeer() {
    clearTimeout(this.#graceTimer);
    clearTimeout(this.#connectTimer);
    this.#closeMicrophonePeer();
    if (this.peer) {
      this.peer.close();
      this.peer = null;
    }
    this.output?.close();
    this.output = null;
  }

  #send(socket, message) {
    socket.send(JSON.stringify(message));
  }

  #setState(connection, detail = '') {
    this.state.update({ connection, detail });
  }
}

/**
 * Why the server turned the WebSocket away, in words, or null when it did not (it is down, say). A refusal of
 * credentials is final: retrying cannot help until the person opens the page with valid ones.
 */
async function whyRefused() {
  let response;
  try {
    response = await fetch('healthz', { cache: 'no-store', credentials: 'same-origin' });
  } catch {
    return null;
  }
  switch (response.status) {
    case 401: return `${(await response.text()).trim()} Reload the page to try again.`;
    case 429: return 'too many failed logins from this address: wait a minute, then reload the page';
    default: return null;
  }
}

/** What a TURN server's complaint means, in words (RFC 5389/8656 error codes, 701 from the browser). */
function turnProblem(event) {
  switch (event.errorCode) {
    case 401: return 'the TURN server refused the credentials';
    case 701: return 'the TURN server cannot be reached';
    default: return `the TURN server answered ${event.errorCode} ${event.errorText ?? ''}`.trim();
  }
}

/**
 * The connection's selected link: whether a TURN relay is at either end, and its latest round trip in seconds; null
 * while the round trip is not known yet.
 */
async function selectedLink(peer) {
  const report = await peer.getStats();
  let pair = null;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId) ?? pair;
  });
  if (pair?.currentRoundTripTime == null) return null;
  const relayed = [pair.localCandidateId, pair.remoteCandidateId]
    .some((id) => report.get(id)?.candidateType === 'relay');
  return { relayed, roundTripS: pair.currentRoundTripTime };
}
