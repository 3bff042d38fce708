// Live figures from RTCPeerConnection.getStats(), once a second: a compact line (resolution, fps, bitrate, codec,
// round trip, latency) and small graphs of the last minute (fps, bitrate, packet loss, jitter buffer, decode time,
// latency). The server adds what only the sender knows (its target bitrate, encode time, and why congestion
// control holds quality back) over the data channel.
//
// Latency is an estimate of "the screen changed → the change is shown here", as the sum of its parts, each
// measured where it happens (no clocks need to agree): half a frame interval (the average wait for the next
// capture), the server's convert-and-push and encode times (its 'sender-stats'), half the round trip (ICE's
// candidate pair), and, per frame from requestVideoFrameCallback, the time from the frame's last packet arriving
// to its presentation (jitter buffer, decode, compositing). Not counted: the screen grab itself (about a
// millisecond) and sending a frame's packets beyond the round trip. The latency benchmark (bench/run.sh field)
// measures the real thing to compare: a counter painted on the screen, read back from each presented frame.

import { arrivalMs } from './direct-render.js';

const HISTORY = 60;
const GRAPHS = [
  { key: 'fps', label: 'fps', format: (v) => v.toFixed(0) },
  { key: 'kbps', label: 'bitrate', format: (v) => formatRate(v) },
  { key: 'lossPercent', label: 'loss', format: (v) => `${v.toFixed(1)} %` },
  { key: 'jitterBufferMs', label: 'jitter buffer', format: (v) => `${v.toFixed(0)} ms` },
  { key: 'decodeMs', label: 'decode', format: (v) => `${v.toFixed(1)} ms` },
  { key: 'latencyMs', label: 'latency', format: (v) => `${v.toFixed(0)} ms` },
];

export class StatsLine {
  #output;
  #graphs;
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

  #renderPath;
  #renderValue;

  /** renderPath: which path shows the picture now, 'direct' or 'browser' (direct-render.js) */
  constructor(output, graphs, currentPeer, video, renderPath) {
    this.#output = output;
    this.#graphs = graphs;
    this.#peer = currentPeer;
    this.#video = video;
    this.#renderPath = renderPath;
    // which path shows the picture (direct-render.js), beside the graphs as a figure without one
    const render = document.createElement('figure');
    render.className = 'text';
    const caption = document.createElement('figcaption');
    const name = document.createElement('span');
    name.textContent = 'render';
    this.#renderValue = document.createElement('span');
    this.#renderValue.id = 'render-path';
    this.#renderValue.className = 'value';
    this.#renderValue.textContent = '–';
    caption.append(name, this.#renderValue);
    render.append(caption);
    this.#graphs.replaceChildren(...GRAPHS.map((g) => graphElement(g)), render);
  }

  start(intervalMs = 1000) {
    this.#timer = setInterval(() => this.#sample().catch(() => {}), intervalMs);
    const onFrame = (now, metadata) => {
      const arrived = arrivalMs(metadata);
      if (arrived !== null) {
        this.#receiveToPresentSum += performance.timeOrigin + metadata.presentationTime - arrived;
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
      codec: codecs.get(video.codecId)?.mimeType?.replace('video/', '') ?? '?',
      audioCodec: audio ? codecs.get(audio.codecId)?.mimeType?.replace('audio/', '') ?? '?' : null,
      audioKbps: audio ? rate(audio, previous?.audio) : 0,
      rttMs,
      framesDecoded: video.framesDecoded ?? 0,
      lossPercent: lost + received > 0 ? (100 * Math.max(0, lost)) / (lost + received) : 0,
      jitterBufferMs: emitted > 0 ? (1000 * delta('jitterBufferDelay')) / emitted : null,
      decodeMs: frames > 0 ? (1000 * delta('totalDecodeTime')) / frames : null,
      receiveToPresentMs,
      render: this.#renderPath(),
      latencyMs: sender && fps > 0 && receiveToPresentMs != null
        ? 500 / fps + sender.handOverMs + sender.encodeMs + (rttMs ?? 0) / 2 + receiveToPresentMs : null,
      sender,
    };
    this.latest = figures;
    this.#show(figures);
  }

  #show(f) {
    const sound = f.audioCodec ? ` · ${f.audioCodec} ${formatRate(f.audioKbps)}` : '';
    const latency = f.latencyMs == null ? '' : ` · latency ${f.latencyMs.toFixed(0)} ms`;
    const limited = f.sender && f.sender.limitation !== 'none' ? ` · lowered for ${f.sender.limitation}` : '';
    const target = f.sender ? ` (target ${formatRate(f.sender.targetKbps)})` : '';
    this.#output.value = `${f.width}×${f.height} · ${f.fps.toFixed(0)} fps · ${formatRate(f.kbps)}${target} · `
      + `${f.codec}${sound} · RTT ${f.rttMs == null ? '–' : `${f.rttMs.toFixed(0)} ms`}${latency}${limited}`;
    this.#output.title = this.#output.value; // the whole line, where the bar cuts it short
    this.#renderValue.textContent = f.render;
    if (this.#graphs.hidden) return;
    for (const graph of GRAPHS) {
      const values = this.#history.get(graph.key);
      values.push(f[graph.key]);
      if (values.length > HISTORY) values.shift();
      drawGraph(this.#graphs.querySelector(`[data-key="${graph.key}"]`), graph, values);
    }
  }
}

function graphElement(graph) {
  const figure = document.createElement('figure');
  figure.dataset.key = graph.key;
  const canvas = document.createElement('canvas');
  canvas.width = 120;
  canvas.height = 28;
  canvas.setAttribute('aria-hidden', 'true');
  // the name and the value on their own, so that neither cuts the other short
  const caption = document.createElement('figcaption');
  const name = document.createElement('span');
  name.textContent = graph.label;
  const value = document.createElement('span');
  value.className = 'value';
  value.textContent = '–';
  caption.append(name, value);
  figure.append(canvas, caption);
  return figure;
}

/** A sparkline of the last minute, scaled to its own maximum; gaps where a figure was unknown. */
function drawGraph(figure, graph, values) {
  const canvas = figure.querySelector('canvas');
  const context = canvas.getContext('2d');
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const known = values.filter((v) => v != null);
  const max = Math.max(1e-9, ...known);
  context.strokeStyle = '#6c6';
  context.lineWidth = 1.5;
  context.beginPath();
  let drawing = false;
  values.forEach((v, i) => {
    if (v == null) {
      drawing = false;
      return;
    }
    const x = (i / (HISTORY - 1)) * width;
    const y = height - 2 - (v / max) * (height - 4);
    if (drawing) context.lineTo(x, y); else context.moveTo(x, y);
    drawing = true;
  });
  context.stroke();
  const last = values[values.length - 1];
  figure.querySelector('.value').textContent = last == null ? '–' : graph.format(last);
}

function formatRate(kbps) {
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbit/s` : `${kbps.toFixed(0)} kbit/s`;
}
