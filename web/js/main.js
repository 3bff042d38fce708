// Wires the page: one connection to the server, a status banner, and the stats line.
import { ViewerConnection } from './connection.js';
import { StatsLine } from './stats.js';

const video = document.getElementById('screen');
const status = document.getElementById('status');
const statusText = document.getElementById('status-text');
const statsOutput = document.getElementById('stats');
const statsToggle = document.getElementById('stats-toggle');

const MESSAGES = {
  connecting: () => 'Connecting…',
  live: () => 'Live',
  reconnecting: (detail) => `Reconnecting${detail ? ` (${detail})` : ''}…`,
  error: (detail) => `Error: ${detail}`,
};

const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
const connection = new ViewerConnection(`${scheme}//${location.host}/ws`, video);

connection.addEventListener('state', ({ detail: { state, detail } }) => {
  status.dataset.state = state;
  statusText.textContent = MESSAGES[state](detail);
  document.title = state === 'live' ? 'Woperator' : `Woperator — ${state}`;
});

const stats = new StatsLine(statsOutput, () => connection.peer);
stats.start();

statsToggle.addEventListener('click', () => {
  statsOutput.hidden = !statsOutput.hidden;
  statsToggle.setAttribute('aria-pressed', String(!statsOutput.hidden));
});

// Exposed for debugging from the console (and for the end-to-end tests and benchmarks).
window.woperator = { connection, stats, firstFrameMs: null };
// Milliseconds from the start of page load until the first frame was presented.
video.requestVideoFrameCallback((now) => { window.woperator.firstFrameMs = now; });
connection.start();
