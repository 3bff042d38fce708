// Glass-to-glass latency, measured: the desktop shows a frame counter (two rows of black and white blocks at its
// top-left corner, the counter's bits and their complement), and each presented video frame's counter is read
// back here. Whoever painted the counter knows when; this records when the frame carrying it is expected on screen.
// Used by the benchmarks and tests; costs nothing unless started.
import { expectedOnScreen, handedToPageMs } from './direct-render.js';

/** The counter's layout on the desktop, in screen pixels. */
export const COUNTER = Object.freeze({ bits: 16, block: 20 });

/**
 * Reads the counter from RGBA pixels of the strip (COUNTER.bits × block wide, 2 × block high, `width` pixels per
 * row). Returns null unless every block is clearly black or white and the second row is the complement of the
 * first: a frame caught mid-paint, or blurred beyond reading, is refused rather than misread.
 */
export function decodeCounter(rgba, width, { bits = COUNTER.bits, block = COUNTER.block } = {}) {
  let value = 0;
  for (let bit = 0; bit < bits; bit++) {
    const top = blockIsWhite(rgba, width, bit * block, 0, block);
    const bottom = blockIsWhite(rgba, width, bit * block, block, block);
    if (top === null || bottom === null || top === bottom) return null;
    value = value * 2 + (top ? 1 : 0);
  }
  return value;
}

/** Mean luma of the block's inner half: true white, false black, null when it is neither. */
function blockIsWhite(rgba, width, x0, y0, block) {
  const margin = Math.floor(block / 4);
  let sum = 0;
  let count = 0;
  for (let y = y0 + margin; y < y0 + block - margin; y++) {
    for (let x = x0 + margin; x < x0 + block - margin; x++) {
      const i = (y * width + x) * 4;
      sum += 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2];
      count++;
    }
  }
  const mean = sum / count;
  if (mean >= 170) return true;
  if (mean <= 85) return false;
  return null;
}

/**
 * Follows a <video>: for each presented frame, its counter and when it is expected on screen, in milliseconds since
 * the epoch on the machine's wall clock. The page's clock (performance.timeOrigin + expectedDisplayTime) is tied to
 * the wall clock once, when the page starts, and may have drifted from it since by a few milliseconds: start()
 * measures the difference against Date.now() at a millisecond edge and corrects for it.
 */
export class LatencyProbe {
  #video;
  #canvas;
  #context;
  #running = false;
  /**
   * [{ counter, shownMs, presentationMs, receivedMs }] in presentation order. shownMs is when the frame is expected
   * on screen (requestVideoFrameCallback's expectedDisplayTime), where a latency ends; presentationMs is the
   * compositor frame's time, which can be earlier (by tens of ms on the data channel, seen here). receivedMs is when the encoded
   * picture reached the page's own code (our renderer, on the data channel or from RTP), null on the browser's
   * path, where no such moment is known. counter is null for a frame that could not be read.
   */
  samples = [];

  #screenWidth;

  /** @param screenWidth the desktop's width, when the picture may be sent scaled down; else the picture's */
  constructor(video, screenWidth = null) {
    this.#video = video;
    this.#screenWidth = screenWidth;
    this.#canvas = new OffscreenCanvas(COUNTER.bits * COUNTER.block, 2 * COUNTER.block);
    this.#context = this.#canvas.getContext('2d', { willReadFrequently: true });
  }

  /** Wall clock minus the page's clock, in ms, as measured by start(). */
  wallClockOffsetMs = 0;

  start() {
    this.wallClockOffsetMs = wallClockOffset();
    this.#running = true;
    this.#video.requestVideoFrameCallback((now, metadata) => this.#onFrame(now, metadata));
  }

  stop() {
    this.#running = false;
  }

  #onFrame(now, metadata) {
    if (!this.#running) return;
    const { width, height } = this.#canvas;
    // the strip is at the picture's top-left, smaller when the picture was sent scaled down
    const scale = this.#screenWidth ? this.#video.videoWidth / this.#screenWidth : 1;
    this.#context.drawImage(this.#video, 0, 0, width * scale, height * scale, 0, 0, width, height);
    const counter = decodeCounter(this.#context.getImageData(0, 0, width, height).data, width);
    this.samples.push({
      counter,
      shownMs: performance.timeOrigin + expectedOnScreen(now, metadata) + this.wallClockOffsetMs,
      presentationMs: performance.timeOrigin + metadata.presentationTime + this.wallClockOffsetMs,
      receivedMs: handedToPageMs(metadata, this.wallClockOffsetMs),
    });
    this.#video.requestVideoFrameCallback((nextNow, next) => this.#onFrame(nextNow, next));
  }
}

/** Date.now() minus the page's clock, taken just as Date.now() ticks over to a new millisecond. */
function wallClockOffset() {
  const before = Date.now();
  let now = before;
  while (now === before) now = Date.now(); // at most a millisecond
  return now - (performance.timeOrigin + performance.now());
}
