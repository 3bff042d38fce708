// The worker half of direct rendering (direct-render.js): an RTCRtpScriptTransform on the video receiver. Each
// encoded frame goes on to the browser's own decoder unchanged (which keeps its statistics and its keyframe
// requests on loss) and into a WebCodecs decoder of ours whose pictures go to the page at once, without the
// browser's render scheduling.
//
// Messages to the page: { frame: VideoFrame } (transferred), { state: { codec, decoding, recoveries, error } }.
// From the page: { breakNextFrame: true } (tests: the decoder's next delta frame is cut short).

/** WebCodecs' codec strings for the mime types RTP announces. H.264 comes as Annex B, which needs no description. */
const CODECS = {
  'video/VP8': 'vp8',
  'video/VP9': 'vp09.00.10.08',
  'video/H264': 'avc1.42e01f',
  'video/AV1': 'av01.0.04M.08',
};
/**
 * The server converts with libyuv's BT.601 limited-range matrix and its bitstreams rarely say so; unsaid, WebCodecs
 * would take BT.709 and shift every colour (a red of e02020 showed as f13320).
 */
const SERVER_COLOUR_SPACE = Object.freeze({
  primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: false,
});
/** While waiting for a keyframe, ask the sender again this often. */
const KEYFRAME_REQUEST_INTERVAL_MS = 300;

class FrameDecoder {
  #transformer;
  #decoder = null;
  #mimeType = null;
  #needKeyframe = true;
  #lastKeyframeRequest = -Infinity;
  #breakNext = false;
  #recoveries = 0;
  #error = null;

  constructor(transformer) {
    this.#transformer = transformer;
    self.addEventListener('message', ({ data }) => {
      if (data.breakNextFrame) this.#breakNext = true;
    });
  }

  run() {
    const passOn = new TransformStream({
      transform: (frame, controller) => {
        this.#take(frame);
        controller.enqueue(frame);
      },
    });
    return this.#transformer.readable.pipeThrough(passOn).pipeTo(this.#transformer.writable);
  }

  /** Hands one encoded frame to our decoder, or skips it while the decoder waits for a keyframe. */
  #take(frame) {
    // when the frame's last packet arrived (else now), in µs since the epoch on the browser's clock: it becomes
    // the picture's timestamp, so that the page can tell how long each frame took from arrival to the screen
    const metadata = frame.getMetadata();
    const arrivalUs = Math.round((performance.timeOrigin + (metadata.receiveTime ?? performance.now())) * 1000);
    const { mimeType } = metadata;
    if (mimeType !== this.#mimeType) this.#configure(mimeType);
    if (!this.#decoder) return;
    const key = frame.type === 'key';
    if (this.#needKeyframe && !key) {
      this.#requestKeyframe();
      return;
    }
    this.#needKeyframe = false;
    let data = frame.data;
    if (this.#breakNext && !key) {
      this.#breakNext = false;
      data = data.slice(0, Math.min(8, data.byteLength));
    }
    try {
      this.#decoder.decode(new EncodedVideoChunk({ type: key ? 'key' : 'delta', timestamp: arrivalUs, data }));
    } catch (error) {
      this.#recover(error);
    }
  }

  #configure(mimeType) {
    this.#closeDecoder();
    this.#mimeType = mimeType;
    const codec = CODECS[mimeType];
    if (!codec) {
      this.#fail(mimeType, `${mimeType ?? 'this codec'} cannot be decoded here`);
      return;
    }
    this.#error = null;
    this.#decoder = new VideoDecoder({
      output: (picture) => self.postMessage({ frame: picture }, [picture]),
      error: (error) => this.#recover(error),
    });
    // a configuration the browser cannot decode ends in the error callback, as NotSupportedError
    this.#decoder.configure({ codec, optimizeForLatency: true, colorSpace: SERVER_COLOUR_SPACE });
    this.#needKeyframe = true;
    this.#report();
  }

  /** A frame the decoder could not take: start again from the next keyframe, and ask for one now. */
  #recover(error) {
    if (error.name === 'NotSupportedError') {
      this.#fail(this.#mimeType, `${this.#mimeType} cannot be decoded here: ${error.message}`);
      return;
    }
    console.warn('woperator: direct rendering lost a frame, waiting for a keyframe:', error.message);
    this.#recoveries++;
    this.#configure(this.#mimeType);
    this.#requestKeyframe();
  }

  #requestKeyframe() {
    const now = performance.now();
    if (now - this.#lastKeyframeRequest < KEYFRAME_REQUEST_INTERVAL_MS) return;
    this.#lastKeyframeRequest = now;
    this.#transformer.sendKeyFrameRequest().catch(() => {});
  }

  /** This codec cannot be rendered directly: the page shows the browser's own picture instead. */
  #fail(mimeType, reason) {
    this.#closeDecoder();
    this.#mimeType = mimeType; // not tried again until the codec changes
    this.#error = reason;
    this.#report();
  }

  #closeDecoder() {
    if (this.#decoder && this.#decoder.state !== 'closed') this.#decoder.close();
    this.#decoder = null;
    this.#mimeType = null;
    this.#needKeyframe = true;
  }

  #report() {
    self.postMessage({
      state: {
        codec: this.#mimeType, decoding: this.#decoder !== null, recoveries: this.#recoveries, error: this.#error,
      },
    });
  }
}

self.addEventListener('rtctransform', ({ transformer }) => {
  new FrameDecoder(transformer).run().catch((error) => console.warn('woperator: direct rendering stopped:', error));
});
