// Where a page finds its streams: the signaling address for one, and the page address that shows one.

const params = new URLSearchParams(location.search);
// A token in the page's address lets the WebSocket in too (browsers put no headers on it)
const token = params.get('token');

/** The signaling WebSocket for stream `id` (null: the server's default stream). */
export function socketUrl(id) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams();
  if (id) query.set('stream', id);
  if (token) query.set('token', token);
  const search = query.toString();
  return `${scheme}//${location.host}/ws${search ? `?${search}` : ''}`;
}

/** This page's address showing stream `id` alone (null: the default stream), keeping the token. */
export function streamPageUrl(id) {
  const query = new URLSearchParams();
  if (id) query.set('stream', id);
  if (token) query.set('token', token);
  const search = query.toString();
  return `${location.pathname}${search ? `?${search}` : ''}`;
}

/** The streams a grid page shows: ?streams=a,b,c. */
export function gridStreams() {
  return (params.get('streams') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
}
