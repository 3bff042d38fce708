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
    let audio = null;
    let pair = null;
    const codecs = new Map();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') video = s;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') audio = s;
      if (s.type === 'codec') codecs.set(s.id, s);
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s;
    });
    if (!video) return;
    // Counters start again with each new connection: compare only within one.
    const previous = this.#previous?.peer === peer ? this.#previous : null;
    this.#previous = { peer, video, audio };
    const seconds = previous ? (video.timestamp - previous.video.timestamp) / 1000 : 0;
    const rate = (now, before) => (before && seconds > 0 ? ((now.bytesReceived - before.bytesReceived) * 8) / seconds / 1000 : 0);
    const kbps = rate(video, previous?.video);
    const audioKbps = audio ? rate(audio, previous?.audio) : 0;
    const fps = previous && seconds > 0 ? (video.framesDecoded - previous.video.framesDecoded) / seconds : 0;
    const figures = {
      width: video.frameWidth ?? 0,
      height: video.frameHeight ?? 0,
      fps,
      kbps,
      codec: codecs.get(video.codecId)?.mimeType?.replace('video/', '') ?? '?',
      audioCodec: audio ? codecs.get(audio.codecId)?.mimeType?.replace('audio/', '') ?? '?' : null,
      audioKbps,
      rttMs: pair?.currentRoundTripTime != null ? pair.currentRoundTripTime * 1000 : null,
      framesDecoded: video.framesDecoded ?? 0,
    };
    this.latest = figures;
    const sound = figures.audioCodec ? ` · ${figures.audioCodec} ${formatRate(audioKbps)}` : '';
    this.#output.value = `${figures.width}×${figures.height} · ${fps.toFixed(0)} fps · ${formatRate(kbps)} · `
      + `${figures.codec}${sound} · RTT ${figures.rttMs == null ? '–' : `${figures.rttMs.toFixed(0)} ms`}`;
  }
}

function formatRate(kbps) {
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbit/s` : `${kbps.toFixed(0)} kbit/s`;
}
