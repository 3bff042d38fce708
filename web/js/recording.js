// The admin's record button: records the stream being watched to a file on the server (the streams API over
// HTTP, with this page's credentials), says in words when it starts and stops, and finds a recording already
// running when the page opens.

export class RecordButton {
  #button;
  #streamId;
  #notice;
  #file = null;

  /**
   * @param button the toolbar's record button
   * @param streamId tells which stream the page shows
   * @param notice shows a passing message
   */
  constructor(button, streamId, notice) {
    this.#button = button;
    this.#streamId = streamId;
    this.#notice = notice;
    button.addEventListener('click', () => this.#toggle());
  }

  /** Shows the button (admins only) and reads whether this stream is being recorded now. */
  async show(visible) {
    this.#button.hidden = !visible;
    if (!visible) return;
    try {
      const files = await this.#api('GET', '/api/recordings');
      const running = files.find((f) => f.recording && f.name.startsWith(`${this.#streamId()}-`));
      this.#showState(running ? running.name : null);
    } catch {
      this.#showState(null);
    }
  }

  async #toggle() {
    const path = `/api/streams/${encodeURIComponent(this.#streamId())}/recording`;
    this.#button.disabled = true;
    try {
      if (this.#file === null) {
        const started = await this.#api('POST', path);
        this.#showState(started.file);
        this.#notice(`Recording to ${started.file} on the server`);
      } else {
        const stopped = await this.#api('DELETE', path);
        this.#showState(null);
        this.#notice(`Recording stopped: ${stopped.file}, ${megabytes(stopped.bytes)}`);
      }
    } catch (error) {
      this.#notice(`Recording: ${error.message}`);
    } finally {
      this.#button.disabled = false;
    }
  }

  #showState(file) {
    this.#file = file;
    const on = file !== null;
    this.#button.setAttribute('aria-pressed', String(on));
    this.#button.title = on ? `Recording to ${file}: click to stop` : 'Record this stream to a file on the server';
  }

  async #api(method, path) {
    const response = await fetch(path, { method, credentials: 'same-origin' });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.message ?? `the server answered ${response.status}`);
    return body;
  }
}

function megabytes(bytes) {
  return bytes == null ? 'size unknown' : `${(bytes / 1048576).toFixed(1)} MB`;
}
