// Our WebCodecs decoder for direct rendering, fed with encoded frames from either feed: the RTP receiver's
// encoded transform (direct-render-worker.js) or the data channel "frames" (direct-render.js). It waits for a
// keyframe after a start or a loss and asks for one, restarts after a frame it cannot take, and says when the
// codec cannot be decoded here (the page then shows another picture).

/** WebCodecs' codec strings by the mime type RTP announces. H.264 comes as Annex B, which needs no description. */
export const CODECS = {
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

export class FrameDecoder {
  #decoder = null;
  #mimeType = null;
  #needKeyframe = true;
  #lastKeyframeRequest = -Infinity;
  #breakNext = false;
  #recoveries = 0;
  #error = null;
  #onPicture;
  #onState;
  #askKeyframe;

  /**
   * onPicture(VideoFrame): a decoded picture, to show and close. onState({ codec, decoding, recoveries, error }):
   * what changed. askKeyframe(): asks the sender for a keyframe.
   */
  constructor({ onPicture, onState, askKeyframe }) {
    this.#onPicture = onPicture;
    this.#onState = onState;
    this.#askKeyframe = askKeyframe;
  }

  /** Tests: the next delta frame is cut short, as a broken frame would be. */
  breakNextFrame() {
    this.#breakNext = true;
  }

  /**
   * Decodes one encoded frame, or skips it while waiting for a keyframe. arrivalUs, when it arrived in µs since the
   * epoch on the browser's clock, becomes the picture's timestamp, so that the page can tell how long each frame
   * took from arrival to the screen.
   */
  take({ mimeType, key, data, arrivalUs }) {
    if (mimeType !== this.#mimeType) this.#configure(mimeType);
    if (!this.#decoder) return;
    if (this.#needKeyframe && !key) {
      this.#requestKeyframe();
      return;
    }
    this.#needKeyframe = false;
    let bytes = data;
    if (this.#breakNext && !key) {
      this.#breakNext = false;
      bytes = bytes.slice(0, Math.min(8, bytes.byteLength));
    }
    try {
      this.#decoder.decode(new EncodedVideoChunk({ type: key ? 'key' : 'delta', timestamp: arrivalUs, data: bytes }));
    } catch (error) {
      this.#recover(error);
    }
  }

  /** A picture was lost before it came whole: nothing more can be decoded before a keyframe, asked for now. */
  lostPicture() {
    this.#needKeyframe = true;
    this.#requestKeyframe();
  }

  close() {
    this.#closeDecoder();
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
      output: (picture) => this.#onPicture(picture),
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
    this.#askKeyframe();
  }

  /** This codec cannot be rendered directly: the page shows another picture instead. */
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
    this.#onState({
      codec: this.#mimeType, decoding: this.#decoder !== null, recoveries: this.#recoveries, error: this.#error,
    });
  }
}
