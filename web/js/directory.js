// The desktops a signaling hub can open, for a page that named none: each sender with its streams as links
// (?sender=NAME&stream=ID) and how many watch it, kept current as senders come and go.
import { streamPageUrl } from './streams.js';

/** Shows `senders` ({ name, streams, viewers }) in the directory section. */
export function showDirectory(section, senders) {
  section.hidden = false;
  const list = section.querySelector('#directory-list');
  const empty = section.querySelector('#directory-empty');
  empty.hidden = senders.length > 0;
  list.replaceChildren(...senders.map((sender) => {
    const item = document.createElement('li');
    item.className = 'sender';
    const heading = document.createElement('h2');
    heading.textContent = sender.name;
    const watching = document.createElement('span');
    watching.className = 'watching';
    watching.textContent = sender.viewers === 1 ? '1 watching' : `${sender.viewers} watching`;
    heading.append(' ', watching);
    const streams = document.createElement('ul');
    for (const stream of sender.streams.length ? sender.streams : [{ id: null, description: 'Desktop' }]) {
      const entry = document.createElement('li');
      const link = document.createElement('a');
      link.href = streamPageUrl(stream.id, sender.name);
      link.textContent = stream.description || stream.id;
      link.setAttribute('aria-label', `Open ${stream.description || stream.id} on ${sender.name}`);
      entry.append(link);
      streams.append(entry);
    }
    item.append(heading, streams);
    return item;
  }));
}
