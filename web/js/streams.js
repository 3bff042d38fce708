// Where a page finds its streams: the signaling address for one, and the page address that shows one. A token
// the page was opened with is in a cookie the server set (HttpOnly): no address carries it again. On a signaling
// hub, ?sender=NAME picks the desktop whose streams these are.

const params = new URLSearchParams(location.search);

/** Takes a token out of the page's own address, so it is not left in the history, a bookmark or a shared link. */
export function forgetTokenInAddress() {
  if (!params.has('token')) return;
  const rest = new URLSearchParams(params);
  rest.delete('token');
  const search = rest.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

/** Where a page served by `woperator web` finds the signaling hub; null: its own server. */
const signaling = document.querySelector('meta[name="woperator-signaling"]')?.content ?? null;

/** The signaling WebSocket for stream `id` (null: the server's default stream), of this page's sender if any. */
export function socketUrl(id) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${signaling ?? `${scheme}//${location.host}/ws`}${query(params.get('sender'), id)}`;
}

/** This page's address showing stream `id` alone (null: the default stream), of sender `sender` on a hub. */
export function streamPageUrl(id, sender = params.get('sender')) {
  return `${location.pathname}${query(sender, id)}`;
}

function query(sender, stream) {
  const parts = new URLSearchParams();
  if (sender) parts.set('sender', sender);
  if (stream) parts.set('stream', stream);
  const text = parts.toString();
  return text ? `?${text}` : '';
}

/** The streams a grid page shows: ?streams=a,b,c. */
export function gridStreams() {
  return (params.get('streams') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
}
