// Files in and out of the desktop: uploads (a button, or files dropped on the page) land in the desktop's upload
// folder, with progress and a way to cancel; what the desktop puts in its download folder is listed to download.
// Over HTTP with this page's credentials; each upload shows the key from this viewer's welcome.

export class FileTransfer {
  #state;
  #list;
  #uploads;
  #notice;

  /**
   * @param state the page's ViewerState (viewer id, role, upload key)
   * @param elements { picker: <input type=file>, uploads: <ul>, downloads: <ul> }
   * @param notice shows a passing message
   */
  constructor(state, { picker, uploads, downloads }, notice) {
    this.#state = state;
    this.#uploads = uploads;
    this.#list = downloads;
    this.#notice = notice;
    picker.addEventListener('change', () => {
      for (const file of picker.files) this.upload(file);
      picker.value = '';
    });
    addEventListener('dragover', (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    addEventListener('drop', (event) => {
      if (!event.dataTransfer?.files.length) return;
      event.preventDefault();
      for (const file of event.dataTransfer.files) this.upload(file);
    });
  }

  /** Whether this viewer may send files: there is a desktop, and it does not only watch. */
  get canUpload() {
    return this.#state.uploadKey !== null && this.#state.role !== 'view';
  }

  /** Sends one file to the desktop; resolves with the name it got there, or rejects with why not. */
  upload(file) {
    const row = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = file.name;
    const progress = document.createElement('progress');
    progress.max = 1;
    progress.value = 0;
    progress.setAttribute('aria-label', `Sending ${file.name}`);
    const words = document.createElement('span');
    words.setAttribute('role', 'status');
    words.textContent = 'Sending…';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    cancel.setAttribute('aria-label', `Cancel sending ${file.name}`);
    row.append(name, progress, words, cancel);
    this.#uploads.prepend(row);

    return new Promise((resolve, reject) => {
      const done = (ok, text) => {
        cancel.remove();
        words.textContent = text;
        row.dataset.result = ok ? 'done' : 'failed';
        this.#notice(`${file.name}: ${text}`);
        if (ok) resolve(text); else reject(new Error(text));
      };
      if (!this.canUpload) {
        done(false, 'not sent: this viewer may only watch');
        return;
      }
      const request = new XMLHttpRequest();
      request.open('POST', `files?name=${encodeURIComponent(file.name)}`);
      request.setRequestHeader('X-Woperator-Viewer', this.#state.viewerId);
      request.setRequestHeader('X-Woperator-Key', this.#state.uploadKey);
      request.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) progress.value = event.loaded / event.total;
      });
      request.addEventListener('load', () => {
        let body = {};
        try {
          body = JSON.parse(request.responseText);
        } catch {
          // not JSON: the status says enough
        }
        if (request.status === 201) {
          progress.value = 1;
          done(true, `saved on the desktop as ${body.name}`);
        } else {
          done(false, `not sent: ${body.message ?? `the server answered ${request.status}`}`);
        }
      });
      request.addEventListener('error', () => done(false, 'not sent: the connection to the server broke'));
      request.addEventListener('abort', () => done(false, 'cancelled'));
      cancel.addEventListener('click', () => request.abort());
      request.send(file);
    });
  }

  /** Lists what the desktop offers to download. */
  async refresh() {
    let files = [];
    try {
      const response = await fetch('files', { cache: 'no-store', credentials: 'same-origin' });
      if (response.ok) files = await response.json();
    } catch {
      // offline: an empty list says it
    }
    this.#list.replaceChildren(...files.map(({ name, size }) => {
      const row = document.createElement('li');
      const link = document.createElement('a');
      link.href = `files/${encodeURIComponent(name)}`;
      link.download = name;
      link.textContent = name;
      row.append(link, ` ${formatSize(size)}`);
      return row;
    }));
    if (files.length === 0) {
      const row = document.createElement('li');
      row.textContent = 'Nothing to download yet: files put in the desktop\'s download folder show here.';
      this.#list.append(row);
    }
    return files;
  }
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
