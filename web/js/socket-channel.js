// The desktop's channel over the signaling WebSocket, for a picture that comes through Janus: that connection
// ends at Janus, not at the server, so keyboard, mouse and clipboard go on the socket instead, and the cursor and
// the desktop's clipboard come back on it. It looks to input.js like the data channel "input" it replaces.
import { toServer } from './protocol.js';

export class SocketChannel extends EventTarget {
  #socket;

  constructor(socket) {
    super();
    this.#socket = socket;
    socket.addEventListener('close', () => this.dispatchEvent(new Event('close')));
  }

  get readyState() {
    return this.#socket.readyState === WebSocket.OPEN ? 'open' : 'closed';
  }

  /** Sends a message built by toDesktop, as JSON text, the way the data channel takes it. */
  send(text) {
    this.#socket.send(JSON.stringify(toServer.input(JSON.parse(text))));
  }

  /** A message of the desktop's that came on the socket, handed on as the data channel would have. */
  receive(event) {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(event) }));
  }
}
