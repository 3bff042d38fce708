// Several streams side by side (?streams=cam1,cam2), to watch: each tile has its own connection and says in
// words what it is doing; clicking a tile's title opens that stream alone, where it can be driven.
import { ViewerConnection } from './connection.js';
import { gridStreams, socketUrl, streamPageUrl } from './streams.js';

const STATE_WORDS = {
  connecting: () => 'Connecting…',
  live: () => 'Live',
  reconnecting: (detail) => `Reconnecting${detail ? ` (${detail})` : ''}…`,
  error: (detail) => `Error: ${detail}`,
};

const ids = gridStreams();
document.body.classList.add('grid-page');
document.getElementById('hud').remove();
document.getElementById('settings').remove();
const main = document.querySelector('main');
main.replaceChildren();
main.id = 'grid';
main.style.setProperty('--columns', String(Math.ceil(Math.sqrt(ids.length))));
document.title = `${ids.join(', ')} — Woperator`;

const connections = {};
for (const id of ids) {
  const tile = document.createElement('figure');
  tile.className = 'tile';
  const video = document.createElement('video');
  video.id = `screen-${id}`;
  video.autoplay = true;
  video.playsInline = true;
  video.muted = true;
  video.setAttribute('aria-label', `Stream ${id}`);
  const caption = document.createElement('figcaption');
  const title = document.createElement('a');
  title.href = streamPageUrl(id);
  title.textContent = id;
  const state = document.createElement('span');
  state.className = 'tile-state';
  state.setAttribute('role', 'status');
  state.textContent = 'Connecting…';
  caption.append(title, state);
  tile.append(video, caption);
  main.append(tile);

  const connection = new ViewerConnection(socketUrl(id), video);
  connection.addEventListener('state', ({ detail }) => {
    tile.dataset.state = detail.state;
    state.textContent = STATE_WORDS[detail.state](detail.detail);
  });
  connection.addEventListener('features', () => {
    title.textContent = connection.stream.description;
    video.setAttribute('aria-label', connection.stream.description);
  });
  connections[id] = connection;
  connection.start();
}

// Exposed for debugging from the console (and for the end-to-end tests).
window.woperator = { connections };
