// Live figures from RTCPeerConnection.getStats(), once a second, in the statistics panel: what is streamed
// (size, codecs, round trip, how the picture is shown) and labelled graphs of the last minute, each with its scale
// (fps, bitrate, packet loss, jitter buffer, decode time, latency). The server adds what only the sender knows
// (its target bitrate, encode time, and why congestion control holds quality back) over the data channel.
//
// Latency is an estimate of "the screen changed → the change is shown here", as the sum of its parts, each
// measured where it happens (no clocks need to agree): half a frame interval (the average wait for the next
// capture), the server's convert-and-push and encode times (its 'sender-stats'), half the round trip (ICE's
// candidate pair), and, per frame from requestVideoFrameCallback, the time from the frame's last packet arriving
// to its presentation (jitter buffer, decode, compositing). Not counted: the screen grab itself (about a
// millisecond) and sending a frame's packets beyond the round trip. The latency benchmark (bench/run.sh field)
// measures the real thing to compare: a counter painted on the screen, read back from each presented frame.

import { arrivalMs, expectedOnScreen } from './direct-render.js';

const HISTORY = 60;
const GRAPHS = [
  { key: 'fps', label: 'Frames per second', format: (v) => `${v.toFixed(0)} fps` },
  { key: 'kbps', label: 'Bitrate', format: (v) => formatRate(v) },
  { key: 'lossPercent', label: 'Packet loss', format: (v) => `${v.toFixed(1)} %` },
  { key: 'jitterBufferMs', label: 'Jitter buffer', format: (v) => `${v.toFixed(0)} ms` },
  { key: 'decodeMs', label: 'Decode time', format: (v) => `${v.toFixed(1)} ms` },
  { key: 'latencyMs', label: 'Latency (estimated)', format: (v) => `${v.toFixed(0)} ms` },
];
const FACTS = [
  { key: 'picture', label: 'Picture' },
  { key: 'sound', label: 'Sound' },
  { key: 'rtt', label: 'Round trip' },
  { key: 'target', label: 'Encoder target' },
  { key: 'render', label: 'Shown by', id: 'render-path' },
];

export class StatsPanel {
  #panel;
  #facts = new Map();
  #peer;
  #video;
  #timer = null;
  #previous = null;
  #history = new Map(GRAPHS.map((g) => [g.key, []]));
  #receiveToPresentSum = 0;
  #receiveToPresentCount = 0;
  /** What the server's encoder does, from its last 'sender-stats'. */
  sender = null;
  /** The latest figures, also for the console and tests. */
  latest = null;
  #output;

  /**
   * panel: the element that holds the facts and graphs (hidden: the figures are still taken, not drawn);
   * currentOutput: what shows the current connection's picture (direct-render.js's ScreenOutput), or null
   */
  constructor(panel, currentPeer, video, currentOutput) {
    this.#panel = panel;
    this.#peer = currentPeer;
    this.#video = video;
    this.#output = currentOutput;
    const facts = document.createElement('dl');
    for (const fact of FACTS) {
      const name = document.createElement('dt');
      name.textContent = fact.label;
      const value = document.createElement('dd');
      value.textContent = '–';
      if (fact.id) value.id = fact.id;
      facts.append(name, value);
      this.#facts.set(fact.key, value);
    }
    panel.replaceChildren(facts, ...GRAPHS.map((g) => graphElement(g)));
  }

  start(intervalMs = 1000) {
    this.#timer = setInterval(() => this.#sample().catch(() => {}), intervalMs);
    const onFrame = (now, metadata) => {
      const arrived = arrivalMs(metadata);
      if (arrived !== null) {
        this.#receiveToPresentSum += performance.timeOrigin + expectedOnScreen(now, metadata) - arrived;
        this.#receiveToPresentCount++;
      }
      this.#video.requestVideoFrameCallback(onFrame);
    };
    this.#video.requestVideoFrameCallback(onFrame);
  }

  stop() {
    clearInterval(this.#timer);
  }

  async #sample() {
    const peer = this.#peer();
    if (!peer) {
      this.#previous = null;
      return;
    }
    const report = await peer.getStats();
    let video = null;
    let audio = null;
    let pair = null;
    const codecs = new Map();
    // pictures on the data channel "frames" do not pass RTP: its renderer's figures stand in for RTP's
    const channel = this.#output()?.channel;
    if (channel) video = channelStats(channel);
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video' && !channel) video = s;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') audio = s;
      if (s.type === 'codec') codecs.set(s.id, s);
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s;
    });
    if (!video) return;
    // Counters start again with each new connection, and differ between RTP and the channel: compare within one.
    const previous = this.#previous?.peer === peer && this.#previous.channel === channel ? this.#previous : null;
    this.#previous = { peer, channel, video, audio };
    const seconds = previous ? (video.timestamp - previous.video.timestamp) / 1000 : 0;
    const delta = (field, stats = video, before = previous?.video) => (before ? (stats[field] ?? 0) - (before[field] ?? 0) : 0);
    const rate = (stats, before) => (before && seconds > 0 ? ((stats.bytesReceived - before.bytesReceived) * 8) / seconds / 1000 : 0);
    const frames = delta('framesDecoded');
    const lost = delta('packetsLost');
    const received = delta('packetsReceived');
    const emitted = delta('jitterBufferEmittedCount');
    const fps = seconds > 0 ? frames / seconds : 0;
    const rttMs = pair?.currentRoundTripTime != null ? pair.currentRoundTripTime * 1000 : null;
    const receiveToPresentMs = this.#receiveToPresentCount > 0
      ? this.#receiveToPresentSum / this.#receiveToPresentCount : null;
    this.#receiveToPresentSum = 0;
    this.#receiveToPresentCount = 0;
    const sender = this.sender;
    const figures = {
      width: video.frameWidth ?? 0,
      height: video.frameHeight ?? 0,
      fps,
      kbps: rate(video, previous?.video),
      codec: (video.mimeType ?? codecs.get(video.codecId)?.mimeType)?.replace('video/', '') ?? '?',
      audioCodec: audio ? codecs.get(audio.codecId)?.mimeType?.replace('audio/', '') ?? '?' : null,
      audioKbps: audio ? rate(audio, previous?.audio) : 0,
      rttMs,
      framesDecoded: video.framesDecoded ?? 0,
      lossPercent: lost + received > 0 ? (100 * Math.max(0, lost)) / (lost + received) : 0,
      jitterBufferMs: emitted > 0 ? (1000 * delta('jitterBufferDelay')) / emitted : null,
      decodeMs: frames > 0 ? (1000 * delta('totalDecodeTime')) / frames : null,
      receiveToPresentMs,
      render: this.#output()?.path ?? '–',
      latencyMs: sender && fps > 0 && receiveToPresentMs != null
        ? 500 / fps + sender.handOverMs + sender.encodeMs + (rttMs ?? 0) / 2 + receiveToPresentMs : null,
      sender,
    };
    this.latest = figures;
    this.#show(figures);
  }

  #show(f) {
    const fact = (key, text) => { this.#facts.get(key).textContent = text; };
    fact('picture', `${f.width}×${f.height} ${f.codec}`);
    fact('sound', f.audioCodec ? `${f.audioCodec} ${formatRate(f.audioKbps)}` : 'none');
    fact('rtt', f.rttMs == null ? '–' : `${f.rttMs.toFixed(0)} ms`);
    fact('target', !f.sender ? '–' : formatRate(f.sender.targetKbps)
      + (f.sender.limitation !== 'none' ? `, lowered for ${f.sender.limitation}` : ''));
    fact('render', f.render);
    for (const graph of GRAPHS) {
      const values = this.#history.get(graph.key);
      values.push(f[graph.key]);
      if (values.length > HISTORY) values.shift();
      const figure = this.#panel.querySelector(`[data-key="${graph.key}"]`);
      if (figure.checkVisibility()) drawGraph(figure, graph, values);
    }
  }
}

function graphElement(graph) {
  const figure = document.createElement('figure');
  figure.dataset.key = graph.key;
  // the name and the value on their own, so that neither cuts the other short
  const caption = document.createElement('figcaption');
  const name = document.createElement('span');
  name.textContent = graph.label;
  const value = document.createElement('span');
  value.className = 'value';
  value.textContent = '–';
  caption.append(name, value);
  const plot = document.createElement('div');
  plot.className = 'plot';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  const top = document.createElement('span');
  top.className = 'scale top';
  const bottom = document.createElement('span');
  bottom.className = 'scale bottom';
  bottom.textContent = graph.format(0);
  plot.append(canvas, top, bottom);
  figure.append(caption, plot);
  return figure;
}

/** The last minute, on a scale from 0 to a round figure above its maximum; gaps where a figure was unknown. */
function drawGraph(figure, graph, values) {
  const canvas = figure.querySelector('canvas');
  const ratio = devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio);
  const height = Math.round(canvas.clientHeight * ratio);
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  const known = values.filter((v) => v != null);
  const top = roundScale(Math.max(0, ...known));
  figure.querySelector('.scale.top').textContent = graph.format(top);
  context.strokeStyle = 'rgba(255, 255, 255, .12)';
  context.lineWidth = ratio;
  context.beginPath();
  context.moveTo(0, height / 2);
  context.lineTo(width, height / 2);
  context.stroke();
  context.strokeStyle = '#4cc38a';
  context.lineWidth = 1.5 * ratio;
  context.beginPath();
  let drawing = false;
  values.forEach((v, i) => {
    if (v == null) {
      drawing = false;
      return;
    }
    const x = ((HISTORY - values.length + i) / (HISTORY - 1)) * width;
    const y = height - ratio - (v / top) * (height - 2 * ratio);
    if (drawing) context.lineTo(x, y); else context.moveTo(x, y);
    drawing = true;
  });
  context.stroke();
  const last = values[values.length - 1];
  figure.querySelector('.value').textContent = last == null ? '–' : graph.format(last);
}

/** The smallest of 1, 2, 5, 10, 20, 50… at or above `max`: a scale a person reads at a glance. */
export function roundScale(max) {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((step) => step * power).find((step) => step >= max * 0.999);
}

function formatRate(kbps) {
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbit/s` : `${kbps.toFixed(0)} kbit/s`;
}

/** The data channel renderer's figures, shaped as the inbound-rtp statistics they stand in for. */
function channelStats(channel) {
  const f = channel.figures;
  return {
    timestamp: performance.timeOrigin + performance.now(),
    framesDecoded: f.framesDecoded,
    frameWidth: f.width,
    frameHeight: f.height,
    bytesReceived: f.bytesReceived,
    mimeType: channel.state.codec,
    packetsReceived: f.framesReceived,
    packetsLost: 0,
  };
}
