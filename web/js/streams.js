// Where a page finds its streams: the signaling address for one, and the page address that shows one. A token
// the page was opened with is in a cookie the server set (HttpOnly): no address carries it again.

const params = new URLSearchParams(location.search);

/** Takes a token out of the page's own address, so it is not left in the history, a bookmark or a shared link. */
export function forgetTokenInAddress() {
  if (!params.has('token')) return;
  const rest = new URLSearchParams(params);
  rest.delete('token');
  const search = rest.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

/** The signaling WebSocket for stream `id` (null: the server's default stream). */
export function socketUrl(id) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws${id ? `?stream=${encodeURIComponent(id)}` : ''}`;
}

/** This page's address showing stream `id` alone (null: the default stream). */
export function streamPageUrl(id) {
  return `${location.pathname}${id ? `?stream=${encodeURIComponent(id)}` : ''}`;
}

/** The streams a grid page shows: ?streams=a,b,c. */
export function gridStreams() {
  return (params.get('streams') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
}
