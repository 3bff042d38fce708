// Direct rendering: each video frame is shown the moment it is decoded. The browser's own path holds a received
// frame back for its render scheduling (some 20 ms on a desktop stream) unless the sender announces a zero
// playout delay, which our server cannot. So, where the browser allows it (WebCodecs and MediaStreamTrackGenerator,
// in a secure context), our decoder (frame-decoder.js) decodes the encoded frames itself and the pictures go
// straight into a track that the same <video> element shows: the cursor, input, fullscreen and pixel reads work on
// it unchanged. The encoded frames come from one of two feeds:
// - 'channel': the server sends them on the data channel "frames" (its protocol: FramesMessage.java), encoded by
//   its own encoder instead of RTP's: nothing waits for the browser's decode clock, the fastest way;
// - 'direct': an encoded transform on the RTP receiver (direct-render-worker.js) hands them over, on the browser's
//   decode clock (a 64 Hz metronome in Chromium).
// Elsewhere, or when the codec cannot be decoded that way, the page shows the browser's own track.

import { FrameDecoder } from './frame-decoder.js';

/** The mime type of each codec number in a piece's header (FramesMessage.java). */
const CHANNEL_CODECS = ['video/VP8', 'video/VP9', 'video/H264', 'video/AV1'];
const FLAG_KEYFRAME = 1;
const FLAG_LAST_PIECE = 2;
const HEADER_BYTES = 12;
/**
 * How long the data channel may take to give its first picture before RTP's comes back. The server answers a start
 * with a keyframe at once; what holds it back longer (a keyframe lost on the way, an encoder that cannot start)
 * would otherwise leave the picture frozen where RTP paused.
 */
const CHANNEL_FIRST_PICTURE_MS = 4000;

/** A track fed with decoded pictures, shown by the <video> instead of the receiver's. */
class PictureTrack {
  #generator = new MediaStreamTrackGenerator({ kind: 'video' });
  #writer = this.#generator.writable.getWriter();
  #writing = 0;
  /** Pictures handed to the <video> so far. */
  shown = 0;

  get track() {
    return this.#generator;
  }

  show(frame) {
    // a picture that cannot be shown at once is dropped, never queued behind: the next one is newer
    if (this.#writing > 1) {
      frame.close();
      return;
    }
    this.#writing++;
    this.shown++;
    this.#writer.write(frame).catch(() => frame.close()).finally(() => { this.#writing--; });
  }

  stop() {
    this.#generator.stop();
  }
}

/** Direct rendering of the RTP receiver's encoded frames, decoded in a worker. */
export class DirectRenderer extends EventTarget {
  #worker;
  #pictures = new PictureTrack();
  /** What the worker last said: { codec, decoding, recoveries, error }. */
  state = { codec: null, decoding: false, recoveries: 0, error: null };

  static get supported() {
    return globalThis.isSecureContext && typeof RTCRtpScriptTransform === 'function'
      && typeof VideoDecoder === 'function' && typeof MediaStreamTrackGenerator === 'function';
  }

  constructor() {
    super();
    this.#worker = new Worker(new URL('./direct-render-worker.js', import.meta.url),
      { type: 'module', name: 'woperator-direct-render' });
    this.#worker.addEventListener('message', ({ data }) => {
      if (data.frame) this.#pictures.show(data.frame);
      if (data.state) {
        this.state = data.state;
        this.dispatchEvent(new Event('change'));
      }
    });
  }

  /** The track of decoded pictures, to show instead of the receiver's. */
  get track() {
    return this.#pictures.track;
  }

  /** Pictures handed to the <video> so far. */
  get framesShown() {
    return this.#pictures.shown;
  }

  /**
   * Starts taking the receiver's encoded frames: from its 'track' event on, as Chromium passes no frames to a
   * transform set later.
   */
  attach(receiver) {
    receiver.transform = new RTCRtpScriptTransform(this.#worker, {});
  }

  /** For tests: the decoder's next delta frame is cut short, as a broken frame would be. */
  breakNextFrame() {
    this.#worker.postMessage({ breakNextFrame: true });
  }

  close() {
    this.#worker.terminate();
    this.#pictures.stop();
  }
}

/**
 * Direct rendering of the pictures the server sends on the data channel "frames", decoded on this thread the
 * moment each one's last piece arrives.
 */
export class ChannelRenderer extends EventTarget {
  #channel;
  #pictures = new PictureTrack();
  #decoder;
  #codec;
  /** The picture being put together from its pieces: { number, bytes, filled }, or null. */
  #assembling = null;
  /** What our decoder last said, or the server's refusal: { codec, decoding, recoveries, error }. */
  state = { codec: null, decoding: false, recoveries: 0, error: null };
  /** Pictures and bytes received, pictures decoded, and the last picture's size, for the statistics. */
  figures = { framesReceived: 0, bytesReceived: 0, framesDecoded: 0, width: 0, height: 0, keyFrames: 0 };

  static get supported() {
    return globalThis.isSecureContext && typeof VideoDecoder === 'function'
      && typeof MediaStreamTrackGenerator === 'function';
  }

  /** codec: the one this viewer's settings chose ("VP8", …), or null for the server's. */
  constructor(channel, codec) {
    super();
    this.#channel = channel;
    channel.binaryType = 'arraybuffer';
    this.#decoder = new FrameDecoder({
      onPicture: (picture) => {
        this.figures.framesDecoded++;
        this.figures.width = picture.displayWidth;
        this.figures.height = picture.displayHeight;
        this.#pictures.show(picture);
      },
      onState: (state) => this.#setState(state),
      askKeyframe: () => this.#send({ type: 'keyframe' }),
    });
    channel.addEventListener('message', ({ data }) => {
      if (typeof data === 'string') this.#control(data);
      else this.#piece(data);
    });
    this.#codec = codec;
    const start = () => this.#send({ type: 'start', codec: this.#codec });
    if (channel.readyState === 'open') start();
    else channel.addEventListener('open', start, { once: true });
  }

  get track() {
    return this.#pictures.track;
  }

  get framesShown() {
    return this.#pictures.shown;
  }

  /** Asks for the pictures in this codec (null: the server's); the server starts with a keyframe. */
  useCodec(codec) {
    if (codec === this.#codec) return;
    this.#codec = codec;
    this.#send({ type: 'start', codec });
  }

  /** For tests: the decoder's next delta frame is cut short, as a broken frame would be. */
  breakNextFrame() {
    this.#decoder.breakNextFrame();
  }

  /** Back to RTP: the server turns this viewer's RTP picture on again. */
  giveUp() {
    this.#send({ type: 'stop' });
  }

  close() {
    this.#decoder.close();
    this.#pictures.stop();
  }

  #piece(buffer) {
    const header = new DataView(buffer, 0, HEADER_BYTES);
    const flags = header.getUint8(0);
    const number = header.getUint32(4);
    const size = header.getUint32(8);
    const payload = new Uint8Array(buffer, HEADER_BYTES);
    this.figures.bytesReceived += buffer.byteLength;
    // a piece of another picture, or more than its picture holds: the one being put together lost its end, and
    // nothing decodes before a keyframe (which this piece may begin)
    const partial = this.#assembling;
    if (partial && (partial.number !== number || partial.filled + payload.byteLength > size)) {
      this.#assembling = null;
      this.#decoder.lostPicture();
    }
    let data = payload;
    if (!(flags & FLAG_LAST_PIECE) || this.#assembling) {
      this.#assembling ??= { number, bytes: new Uint8Array(size), filled: 0 };
      this.#assembling.bytes.set(payload, this.#assembling.filled);
      this.#assembling.filled += payload.byteLength;
      if (!(flags & FLAG_LAST_PIECE)) return;
      data = this.#assembling.bytes;
      this.#assembling = null;
    }
    const key = (flags & FLAG_KEYFRAME) !== 0;
    this.figures.framesReceived++;
    if (key) this.figures.keyFrames++;
    // the moment it reached the page's code, in µs since the epoch on the browser's clock, becomes the picture's
    // timestamp (see handedToPageMs)
    const arrivalUs = Math.round((performance.timeOrigin + performance.now()) * 1000);
    this.#decoder.take({ mimeType: CHANNEL_CODECS[header.getUint8(1)], key, data, arrivalUs });
  }

  #control(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.type === 'refused') this.#setState({ ...this.state, decoding: false, error: message.reason });
  }

  #setState(state) {
    this.state = state;
    this.dispatchEvent(new Event('change'));
  }

  #send(message) {
    if (this.#channel.readyState === 'open') this.#channel.send(JSON.stringify(message));
  }
}

/**
 * When a picture is expected on screen, on the page's clock, from requestVideoFrameCallback's arguments: its
 * expectedDisplayTime, but never before the rendering step that runs the callback (`now`). After the page sat
 * still, Chromium can report a time from before the picture came (a key press's flip "shown" 198 ms before it).
 */
export function expectedOnScreen(now, metadata) {
  return Math.max(metadata.expectedDisplayTime, now);
}

/**
 * When the picture on the screen arrived, in ms on the wall clock, from requestVideoFrameCallback's metadata: for a
 * picture our renderer showed, when its encoded frame reached the page's code ({@link handedToPageMs}); else the
 * browser's receive time of its last packet. Null when neither is known.
 */
export function arrivalMs(metadata, wallClockOffsetMs = 0) {
  const handed = handedToPageMs(metadata, wallClockOffsetMs);
  if (handed !== null) return handed;
  if (metadata.receiveTime > 0) return performance.timeOrigin + metadata.receiveTime + wallClockOffsetMs;
  return null;
}

/**
 * For a picture our renderer showed, when its whole encoded frame reached the page's code, in ms on the wall clock:
 * the same moment on the data channel and from RTP, so that their latencies split alike. Null for the browser's
 * own rendering.
 */
export function handedToPageMs(metadata, wallClockOffsetMs = 0) {
  // our renderer's picture carries that moment as its timestamp, in µs since the epoch on the browser's clock (which
  // every page and worker of the browser shares): far beyond any media time of a stream
  if (metadata.mediaTime > 1e9) return metadata.mediaTime * 1000 + wallClockOffsetMs;
  return null;
}

/**
 * What the <video> shows for one connection: its sound, and its picture from the data channel "frames", or from
 * direct rendering of RTP's frames, where that is wanted and works, else the browser's own.
 */
export class ScreenOutput {
  #video;
  #direct;
  #channelWanted;
  /** In 'auto' mode: the channel waits until the link is found local. */
  #channelWaiting = false;
  /** The data channel "frames" once it came, and the codec this viewer's settings chose, for the channel's start. */
  #framesChannel = null;
  #codec = null;
  #browserPicture = null;
  #sound = [];
  #renderer = null;
  #channel = null;
  #shown = null;

  /**
   * mode: 'channel', 'direct' or 'browser': the fastest path wanted, a slower one where it cannot be had; 'auto':
   * RTP rendered directly until {@link useChannel} says the link is local enough for the channel.
   */
  constructor(video, mode) {
    this.#video = video;
    this.#direct = mode !== 'browser' && DirectRenderer.supported;
    this.#channelWanted = mode === 'channel' && ChannelRenderer.supported;
    this.#channelWaiting = mode === 'auto' && ChannelRenderer.supported;
  }

  /** A track of the connection, from its 'track' event. */
  add({ track, receiver }) {
    if (track.kind === 'audio') {
      this.#sound.push(track);
    } else {
      this.#browserPicture = track;
      // also where the channel is wanted: should it fail, RTP's frames are rendered directly, and a transform
      // can only be set from the 'track' event on
      if (this.#direct) this.#startRenderer(receiver);
    }
    this.#show(true);
  }

  /** A data channel of the connection, from its 'datachannel' event; codec: the one this viewer's settings chose. */
  addChannel(channel, codec) {
    if (channel.label !== 'frames') return;
    this.#framesChannel = channel;
    this.#codec = codec;
    if (this.#channelWanted) this.#startChannel();
  }

  /** In 'auto' mode: the link is local, pictures come on the data channel from now on (or once it opens). */
  useChannel() {
    if (!this.#channelWaiting) return;
    this.#channelWaiting = false;
    this.#channelWanted = true;
    if (this.#framesChannel) this.#startChannel();
  }

  #startChannel() {
    this.#channel = new ChannelRenderer(this.#framesChannel, this.#codec);
    this.#channel.addEventListener('change', () => {
      if (this.#channel.state.error) {
        console.warn('woperator: pictures cannot come on the data channel, RTP takes over:', this.#channel.state.error);
        this.#channel.giveUp();
      }
      this.#show();
    });
    this.#show();
  }

  /** The codec this viewer's settings chose changed (the server applied it). */
  useCodec(codec) {
    this.#codec = codec;
    if (this.#channel && !this.#channel.state.error) this.#channel.useCodec(codec);
  }

  /**
   * 'channel' when the picture comes from the data channel, 'direct' when RTP's frames are decoded by us,
   * 'browser' when the browser decodes and shows them.
   */
  get path() {
    if (!this.#shown) return 'browser';
    if (this.#shown === this.#channel?.track) return 'channel';
    return this.#shown === this.#renderer?.track ? 'direct' : 'browser';
  }

  /** The renderer of the picture shown, while there is one (tests break its frames and read its state). */
  get renderer() {
    return this.path === 'channel' ? this.#channel : this.#renderer;
  }

  /** The data channel's renderer, while pictures come that way: its figures stand in for RTP's statistics. */
  get channel() {
    return this.path === 'channel' ? this.#channel : null;
  }

  close() {
    this.#renderer?.close();
    this.#renderer = null;
    this.#channel?.close();
    this.#channel = null;
  }

  #startRenderer(receiver) {
    this.#renderer = new DirectRenderer();
    this.#renderer.addEventListener('change', () => this.#show());
    this.#renderer.attach(receiver);
  }

  #show(tracksChanged = false) {
    let picture = this.#browserPicture;
    // the channel's picture once its decoder runs: till then RTP's last one stays, not an empty track
    if (this.#channel?.state.decoding && !this.#channel.state.error) picture = this.#channel.track;
    else if (this.#direct && this.#renderer && !this.#renderer.state.error) picture = this.#renderer.track;
    if (picture === this.#shown && !tracksChanged) return;
    this.#shown = picture;
    this.#video.srcObject = new MediaStream([picture, ...this.#sound].filter(Boolean));
  }
}
