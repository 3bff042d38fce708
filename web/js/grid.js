// Several streams side by side (?streams=cam1,cam2), to watch: each tile has its own connection and says in
// words what it is doing; clicking a tile's title opens that stream alone, where it can be driven.
import { ViewerConnection } from './connection.js';
import { connectionInWords, shownState } from './state.js';
import { gridStreams, socketUrl, streamPageUrl } from './streams.js';

const ids = gridStreams();
document.body.classList.add('grid-page');
for (const part of document.querySelectorAll('#overlay, #notices, #stats-panel, dialog')) part.remove();
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
  const words = document.createElement('span');
  words.className = 'tile-state';
  words.setAttribute('role', 'status');
  words.textContent = 'Connecting…';
  caption.append(title, words);
  tile.append(video, caption);
  main.append(tile);

  const connection = new ViewerConnection(socketUrl(id), video);
  connection.state.watch(['connection', 'picture'], (state) => {
    tile.dataset.state = shownState(state);
    words.textContent = connectionInWords(state);
  });
  connection.state.watch(['stream'], ({ stream }) => {
    title.textContent = stream.description;
    video.setAttribute('aria-label', stream.description);
  });
  connections[id] = connection;
  connection.start();
}

// Exposed for debugging from the console (and for the end-to-end tests).
window.woperator = { connections };
