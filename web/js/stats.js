// A compact line of live figures from RTCPeerConnection.getStats(): resolution, fps, bitrate, codec, RTT.

export class StatsLine {
  #output;
  #peer;
  #timer = null;
  #previous = null;
  /** The latest figures, also for the console and tests. */
  latest = null;

  constructor(output, currentPeer) {
    this.#output = output;
    this.#peer = currentPeer;
  }

  start(intervalMs = 1000) {
    this.#timer = setInterval(() => this.#sample().catch(() => {}), intervalMs);
  }

  stop() {
    clearInterval(this.#timer);
  }

  async #sample() {
    const peer = this.#peer();
    if (!peer) {
      this.#previous = null;
      this.#output.value = '—';
      return;
    }
    const report = await peer.getStats();
    let video = null;
    let pair = null;
    const codecs = new Map();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') video = s;
      if (s.type === 'codec') codecs.set(s.id, s);
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s;
    });
    if (!video) return;
    const previous = this.#previous;
    this.#previous = video;
    const seconds = previous ? (video.timestamp - previous.timestamp) / 1000 : 0;
    const kbps = previous && seconds > 0 ? ((video.bytesReceived - previous.bytesReceived) * 8) / seconds / 1000 : 0;
    const fps = previous && seconds > 0 ? (video.framesDecoded - previous.framesDecoded) / seconds : 0;
    const figures = {
      width: video.frameWidth ?? 0,
      height: video.frameHeight ?? 0,
      fps,
      kbps,
      codec: codecs.get(video.codecId)?.mimeType?.replace('video/', '') ?? '?',
      rttMs: pair?.currentRoundTripTime != null ? pair.currentRoundTripTime * 1000 : null,
      framesDecoded: video.framesDecoded ?? 0,
    };
    this.latest = figures;
    this.#output.value = `${figures.width}×${figures.height} · ${fps.toFixed(0)} fps · ${formatRate(kbps)} · `
      + `${figures.codec} · RTT ${figures.rttMs == null ? '–' : `${figures.rttMs.toFixed(0)} ms`}`;
  }
}

function formatRate(kbps) {
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbit/s` : `${kbps.toFixed(0)} kbit/s`;
}
