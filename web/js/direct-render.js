// Direct rendering: each video frame is shown the moment it is decoded. The browser's own path holds a received
// frame back for its render scheduling (some 20 ms on a desktop stream) unless the sender announces a zero
// playout delay, which our server cannot. So, where the browser allows it (WebCodecs, RTCRtpScriptTransform and
// MediaStreamTrackGenerator, in a secure context), a worker (direct-render-worker.js) decodes the encoded frames
// itself and the pictures go straight into a track that the same <video> element shows: the cursor, input,
// fullscreen and pixel reads work on it unchanged. Elsewhere, or when the codec cannot be decoded that way, the
// page shows the browser's own track.

export class DirectRenderer extends EventTarget {
  #worker;
  #generator;
  #writer;
  #writing = 0;
  /** What the worker last said: { codec, decoding, recoveries, error }. */
  state = { codec: null, decoding: false, recoveries: 0, error: null };
  /** Pictures handed to the <video> so far. */
  framesShown = 0;

  static get supported() {
    return globalThis.isSecureContext && typeof RTCRtpScriptTransform === 'function'
      && typeof VideoDecoder === 'function' && typeof MediaStreamTrackGenerator === 'function';
  }

  constructor() {
    super();
    this.#worker = new Worker(new URL('./direct-render-worker.js', import.meta.url),
      { type: 'module', name: 'woperator-direct-render' });
    this.#generator = new MediaStreamTrackGenerator({ kind: 'video' });
    this.#writer = this.#generator.writable.getWriter();
    this.#worker.addEventListener('message', ({ data }) => {
      if (data.frame) this.#show(data.frame);
      if (data.state) {
        this.state = data.state;
        this.dispatchEvent(new Event('change'));
      }
    });
  }

  /** The track of decoded pictures, to show instead of the receiver's. */
  get track() {
    return this.#generator;
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
    this.#generator.stop();
  }

  #show(frame) {
    // a picture that cannot be shown at once is dropped, never queued behind: the next one is newer
    if (this.#writing > 1) {
      frame.close();
      return;
    }
    this.#writing++;
    this.framesShown++;
    this.#writer.write(frame).catch(() => frame.close()).finally(() => { this.#writing--; });
  }
}

/**
 * When the picture on the screen arrived, in ms on the wall clock, from requestVideoFrameCallback's metadata:
 * the browser's receive time, or, for a directly rendered picture, the arrival time the worker gave as its
 * timestamp. Null when neither is known.
 */
export function arrivalMs(metadata, wallClockOffsetMs = 0) {
  if (metadata.receiveTime > 0) return performance.timeOrigin + metadata.receiveTime + wallClockOffsetMs;
  // a directly rendered picture's timestamp is its arrival in µs since the epoch on the browser's clock (which
  // every page and worker of the browser shares): far beyond any media time of a stream
  if (metadata.mediaTime > 1e9) return metadata.mediaTime * 1000 + wallClockOffsetMs;
  return null;
}

/**
 * What the <video> shows for one connection: its sound, and its picture from direct rendering where that is
 * wanted and works, else the browser's own.
 */
export class ScreenOutput {
  #video;
  #direct;
  #browserPicture = null;
  #sound = [];
  #renderer = null;
  #shown = null;

  constructor(video, direct) {
    this.#video = video;
    this.#direct = direct && DirectRenderer.supported;
  }

  /** A track of the connection, from its 'track' event. */
  add({ track, receiver }) {
    if (track.kind === 'audio') {
      this.#sound.push(track);
    } else {
      this.#browserPicture = track;
      if (this.#direct) this.#startRenderer(receiver);
    }
    this.#show(true);
  }

  /** 'direct' when the picture comes from our decoder, 'browser' when from the browser's. */
  get path() {
    return this.#shown && this.#shown === this.#renderer?.track ? 'direct' : 'browser';
  }

  /** The direct renderer, while there is one (tests break its frames and read its state). */
  get renderer() {
    return this.#renderer;
  }

  close() {
    this.#renderer?.close();
    this.#renderer = null;
  }

  #startRenderer(receiver) {
    this.#renderer = new DirectRenderer();
    this.#renderer.addEventListener('change', () => this.#show());
    this.#renderer.attach(receiver);
  }

  #show(tracksChanged = false) {
    const picture = this.#direct && this.#renderer && !this.#renderer.state.error
      ? this.#renderer.track : this.#browserPicture;
    if (picture === this.#shown && !tracksChanged) return;
    this.#shown = picture;
    this.#video.srcObject = new MediaStream([picture, ...this.#sound].filter(Boolean));
  }
}
