// Wires the page for one stream (?stream=id, or the server's default): one connection to the server, the status
// banner, the overlay's controls (stream picker, control, sound, microphone, fullscreen, clipboard, files, record,
// stats, settings) and the notices.
import { ViewerConnection } from './connection.js';
import { StatsPanel } from './stats.js';
import { Overlay } from './overlay.js';
import { Notices } from './notices.js';
import { DesktopMessages } from './desktop-messages.js';
import { InputController, isViewerShortcut } from './input.js';
import { FileTransfer } from './files.js';
import { RecordButton } from './recording.js';
import { Errors } from './protocol.js';
import { connectionInShort, connectionInWords, shownState } from './state.js';
import { ChannelRenderer, DirectRenderer } from './direct-render.js';
import { socketUrl, streamPageUrl } from './streams.js';
import { showDirectory } from './directory.js';

const $ = (id) => document.getElementById(id);
const video = $('screen');
const status = $('status');
const statusText = $('status-text');
const statsToggle = $('stats-toggle');
const soundToggle = $('sound-toggle');
const soundUnlock = $('sound-unlock');
const volume = $('volume');
const micToggle = $('mic-toggle');
const viewOnlyToggle = $('view-only');
const keyboardToggle = $('keyboard-toggle');
const settings = $('settings');
const settingViewOnly = $('setting-view-only');
const settingStats = $('setting-stats');

const params = new URLSearchParams(location.search);
const connection = new ViewerConnection(socketUrl(params.get('stream')), video);
/** What the server has told: every part of the page reads it here and watches what it needs. */
const state = connection.state;
const notices = new Notices($('notices'));
const connectionState = $('connection-state');
const directory = $('directory');

state.watch(['connection', 'picture'], () => {
  const { stream, features } = state;
  directory.hidden = state.connection !== 'directory';
  // live, or live with no picture to show ('waiting'), or not connected: see shownState
  const now = shownState(state);
  // what is only true of a live stream (who is in control, the figures) is not shown while it is not
  document.body.dataset.connection = now;
  const name = stream?.description ?? 'Woperator';
  document.title = now === 'directory' ? 'Desktops on this hub — Woperator'
    : now === 'live' ? `${name} — Woperator` : `${name} — ${now}`;
  connectionState.dataset.state = now;
  connectionState.textContent = connectionInShort(state);
  if (now === 'live') trySound();
  if (now === 'live' && features.video) {
    // connected is not yet seen: the banner stays until the first picture is on the screen
    status.dataset.state = 'connecting';
    statusText.textContent = 'Connected: waiting for the first picture…';
    video.requestVideoFrameCallback(() => {
      if (shownState(state) === 'live') status.dataset.state = 'live';
    });
    return;
  }
  status.dataset.state = now;
  statusText.textContent = connectionInWords(state);
});
// a signaling hub asked for no desktop lists the ones it has
state.watch(['senders'], ({ senders }) => {
  if (state.connection === 'directory') showDirectory(directory, senders);
});

// the countdown to the next try, second by second
setInterval(() => {
  if (state.connection !== 'reconnecting') return;
  statusText.textContent = connectionInWords(state);
  connectionState.textContent = connectionInShort(state);
}, 1000);

// --- Sound -----------------------------------------------------------------------------------------------
// The video starts muted, as browsers allow that without a click. Once live we try to unmute; a browser that
// wants a click first gets a button that says so.
let soundWanted = true;

async function trySound() {
  if (!state.features.desktopAudio || !soundWanted || !video.muted) return;
  video.muted = false;
  try {
    await video.play();
    soundUnlock.hidden = true;
  } catch {
    video.muted = true;
    video.play().catch(() => {});
    soundUnlock.hidden = false;
  }
  showSoundState();
}

function showSoundState() {
  soundToggle.setAttribute('aria-pressed', String(!video.muted));
  soundToggle.querySelector('use').setAttribute('href', video.muted ? '#i-muted' : '#i-sound');
}

soundUnlock.addEventListener('click', () => {
  soundWanted = true;
  trySound();
});
soundToggle.addEventListener('click', () => {
  soundWanted = video.muted;
  if (soundWanted) {
    trySound();
  } else {
    video.muted = true;
    showSoundState();
  }
});
volume.addEventListener('input', () => {
  video.volume = Number(volume.value);
});
volume.addEventListener('change', () => input.focusKeyboard());

state.watch(['features'], ({ features: { desktopAudio, microphone, input: takesInput, resize } }) => {
  soundToggle.hidden = !desktopAudio;
  volume.hidden = !desktopAudio;
  micToggle.hidden = !microphone || !navigator.mediaDevices;
  viewOnlyToggle.hidden = !takesInput;
  keyboardToggle.hidden = !takesInput;
  pointerLock.hidden = !takesInput;
  clipboardOpen.hidden = !takesInput;
  settingResize.disabled = !resize;
});

// --- Streams: which one this page shows, and a picker for the others -------------------------------------------
const streamPicker = $('stream-picker');
state.watch(['stream', 'streams'], ({ stream, streams, features }) => {
  document.title = `${stream.description} — Woperator`;
  streamPicker.replaceChildren(...streams.map(({ id, description }) => new Option(description, id, false, id === stream.id)));
  streamPicker.hidden = streams.length < 2;
  video.setAttribute('aria-label', features.video ? stream.description : `${stream.description} (sound only)`);
  $('sound-only').hidden = features.video;
  $('sound-only').textContent = `${stream.description}: sound only`;
});
streamPicker.addEventListener('change', () => location.assign(streamPageUrl(streamPicker.value)));

state.watch(['audio'], ({ audio: { available } }) => {
  notices.set('audio', available ? null : 'No sound from the desktop: the server cannot record it now and keeps trying');
});

// --- Microphone ------------------------------------------------------------------------------------------
micToggle.addEventListener('click', async () => {
  const on = !connection.microphoneOn;
  micToggle.disabled = true;
  try {
    await connection.setMicrophone(on);
    micToggle.title = 'Talk into the desktop with your microphone';
  } catch (error) {
    micToggle.title = `The microphone could not be used: ${error.message}`;
    notices.show(`Microphone: ${error.name === 'NotAllowedError' ? 'permission refused' : error.message}`, 'warning');
  } finally {
    micToggle.disabled = false;
    micToggle.setAttribute('aria-pressed', String(connection.microphoneOn));
  }
});

connection.addEventListener('server-error', ({ detail }) => {
  if (detail.code === Errors.MICROPHONE_UNAVAILABLE) {
    notices.show('The desktop has no microphone to talk into', 'warning');
  } else if (detail.code === Errors.FORBIDDEN) {
    notices.show(`Not allowed: ${detail.message}`, 'warning');
  } else if (detail.code === Errors.UNKNOWN_STREAM) {
    const link = document.createElement('a');
    link.href = streamPageUrl(null);
    link.textContent = 'Open the default stream';
    status.append(link);
  }
});

// --- Keyboard, mouse, touch ------------------------------------------------------------------------------
const input = new InputController(video, $('remote-cursor'), $('keyboard-input'), state);
const overlay = new Overlay($('overlay'), state, () => input.focusKeyboard());
const desktop = new DesktopMessages();
connection.addEventListener('input-channel', ({ detail: channel }) => {
  input.attach(channel);
  desktop.attach(channel);
});
desktop.addEventListener('cursor', ({ detail }) => input.showCursor(detail));

// --- Control: one viewer drives, the others watch; the server ignores anyone else's input -----------------
const controlState = $('control-state');
const controlToggle = $('control-toggle');
const controlRequest = $('control-request');
let requester = null;

function showControl() {
  const { controller, viewers } = state.control;
  const mine = state.inControl;
  const others = viewers > 1 ? ` · ${viewers} viewers` : '';
  if (!state.features.input) {
    controlState.textContent = '';
  } else if (mine) {
    controlState.textContent = `You are in control${others}`;
  } else if (controller) {
    controlState.textContent = `${controller} is in control${others}`;
  } else {
    controlState.textContent = `No one is in control${others}`;
  }
  const mayDrive = state.features.input && state.role !== 'view';
  controlToggle.hidden = !mayDrive;
  const action = mine ? 'Let go of control' : controller && state.role !== 'admin' ? 'Ask for control' : 'Take control';
  $('control-toggle-text').textContent = action;
  controlToggle.title = action;
  if (state.role === 'view' && state.features.input) controlState.textContent += ' (you may watch only)';
  if (requester && !mine && state.role !== 'admin') hideRequest();
}

let wasInControl = false;
state.watch(['control'], () => {
  showControl();
  if (state.inControl && !wasInControl) {
    input.requestResize(); // the desktop takes the new driver's window size
    if (state.liveCount > 0) notices.show('You are in control');
  }
  wasInControl = state.inControl;
});
state.watch(['features', 'role'], showControl);
controlToggle.addEventListener('click', () => {
  if (state.inControl) {
    input.releaseAll();
    connection.releaseControl();
  } else {
    connection.requestControl();
    if (state.control.controller && state.role !== 'admin') {
      notices.show(`Asked ${state.control.controller} for control`);
    }
  }
});

connection.addEventListener('control-request', ({ detail: viewerId }) => {
  requester = viewerId;
  $('control-request-text').textContent = `${viewerId} asks to take control`;
  controlRequest.hidden = false;
});
function hideRequest() {
  requester = null;
  controlRequest.hidden = true;
}
$('control-grant').addEventListener('click', () => {
  if (requester) connection.grantControl(requester);
  hideRequest();
});
$('control-keep').addEventListener('click', hideRequest);

// --- Clipboard: the desktop's copies land here (and in the browser's clipboard where it allows) -----------
const clipboardText = $('clipboard-text');
const clipboardOpen = $('clipboard-open');
clipboardOpen.addEventListener('click', () => $('clipboard').showModal());
desktop.addEventListener('clipboard', ({ detail: text }) => {
  clipboardText.value = text;
  navigator.clipboard?.writeText(text).then(() => notices.show('Copied from the desktop'), () => notices.show(
    'Copied on the desktop: it is in the toolbar\'s Clipboard'));
});
desktop.addEventListener('clipboard-too-large', ({ detail: limit }) => notices.show(
  `The desktop's clipboard holds more text than ${limit / 1024} KiB: not copied here`));
input.addEventListener('notice', ({ detail }) => notices.show(detail));
$('clipboard-send').addEventListener('click', () => {
  if (input.sendClipboard(clipboardText.value)) notices.show('Sent to the desktop\'s clipboard');
});

function setViewOnly(on) {
  state.choose({ viewOnly: on });
  viewOnlyToggle.setAttribute('aria-pressed', String(on));
  settingViewOnly.checked = on;
}
viewOnlyToggle.addEventListener('click', () => setViewOnly(!input.viewOnly));
const settingResize = $('setting-resize');
settingResize.addEventListener('change', () => {
  state.choose({ resizeDesktop: settingResize.checked });
  input.requestResize();
});
settingViewOnly.addEventListener('change', () => setViewOnly(settingViewOnly.checked));

// --- Picture quality: the server applies it to the running stream; what you chose is kept for next time -----
const QUALITY_KEY = 'woperator.quality';
const qualityFields = {
  codec: $('quality-codec'), maxBitrateKbps: $('quality-bitrate'), fps: $('quality-fps'), scale: $('quality-scale'),
};
const qualityValue = { codec: String, maxBitrateKbps: Number, fps: Number, scale: Number };
let qualityChosen = {};
try {
  qualityChosen = JSON.parse(localStorage.getItem(QUALITY_KEY) ?? '{}') ?? {};
} catch {
  localStorage.removeItem(QUALITY_KEY); // unreadable: start from the server's defaults
}

state.watch(['quality'], ({ quality }) => {
  for (const [key, field] of Object.entries(qualityFields)) field.value = String(quality[key]);
});
state.watch(['connection'], ({ connection: now, quality }) => {
  // a new connection starts at the server's defaults: ask again for what this viewer chose
  if (now === 'live' && Object.keys(qualityChosen).length && !qualityMatches(quality)) {
    connection.setQuality(qualityChosen);
  }
});
function qualityMatches(applied) {
  return applied && Object.entries(qualityChosen).every(([key, value]) => applied[key] === value);
}
for (const [key, field] of Object.entries(qualityFields)) {
  field.addEventListener('change', () => {
    const value = qualityValue[key](field.value);
    if (key === 'maxBitrateKbps' && !(value >= 100 && value <= 100000)) return;
    qualityChosen = { ...qualityChosen, [key]: value };
    localStorage.setItem(QUALITY_KEY, JSON.stringify(qualityChosen));
    connection.setQuality({ [key]: value });
  });
}

// --- How pictures come and are shown (direct-render.js): decoded by us as they arrive, from RTP or (on a local
// link, unless the setting "outside RTP" is off) from the data channel "frames"; ?render=browser|direct|channel|auto
// sets it for this page, the settings for this browser ----------------------------------------------------------
const DIRECT_RENDER_KEY = 'woperator.directRender';
const FRAMES_CHANNEL_KEY = 'woperator.framesChannel';
const settingDirectRender = $('setting-direct-render');
const settingFramesChannel = $('setting-frames-channel');
function setRender(mode) {
  state.choose({ render: mode });
  settingDirectRender.checked = mode !== 'browser';
  // off (the browser's path) keeps the choice for the channel as it was, for when direct rendering is back on
  if (mode !== 'browser') settingFramesChannel.checked = mode === 'channel' || mode === 'auto';
  settingFramesChannel.disabled = mode === 'browser' || !ChannelRenderer.supported;
}
settingDirectRender.disabled = !DirectRenderer.supported;
if (!DirectRenderer.supported) {
  settingDirectRender.parentElement.title = isSecureContext
    ? 'This browser cannot decode frames itself (WebCodecs and encoded transforms)'
    : 'Only on HTTPS or localhost';
  settingFramesChannel.parentElement.title = settingDirectRender.parentElement.title;
}
function chosenRender() {
  const asked = params.get('render');
  if (!DirectRenderer.supported || asked === 'browser') return 'browser';
  if (['channel', 'direct', 'auto'].includes(asked)) return asked;
  if (localStorage.getItem(DIRECT_RENDER_KEY) === 'false') return 'browser';
  return localStorage.getItem(FRAMES_CHANNEL_KEY) === 'false' ? 'direct' : 'auto';
}
settingFramesChannel.checked = localStorage.getItem(FRAMES_CHANNEL_KEY) !== 'false';
setRender(chosenRender());
function renderSettingChanged() {
  localStorage.setItem(DIRECT_RENDER_KEY, String(settingDirectRender.checked));
  localStorage.setItem(FRAMES_CHANNEL_KEY, String(settingFramesChannel.checked));
  if (!settingDirectRender.checked) setRender('browser');
  else setRender(settingFramesChannel.checked ? 'auto' : 'direct');
}
settingDirectRender.addEventListener('change', renderSettingChanged);
settingFramesChannel.addEventListener('change', renderSettingChanged);

// --- Files in and out of the desktop -------------------------------------------------------------------------
const filesDialog = $('files');
const files = new FileTransfer(state, { picker: $('upload-input'), uploads: $('uploads'), downloads: $('downloads') },
  (text) => notices.show(text));
const filesOpen = $('files-open');
state.watch(['uploadKey', 'role'], () => {
  filesOpen.hidden = state.uploadKey === null;
  $('upload-section').hidden = !files.canUpload;
});
filesOpen.addEventListener('click', () => {
  files.refresh();
  filesDialog.showModal();
});
$('downloads-refresh').addEventListener('click', () => files.refresh());

// --- Recording the stream on the server (admins) ---------------------------------------------------------------
const recordButton = new RecordButton($('record-toggle'), () => state.stream?.id ?? 'desktop',
  (text) => notices.show(text));
state.watch(['role', 'stream'], () => recordButton.show(state.role === 'admin' && state.stream !== null));

// --- Phones and tablets: the on-screen keyboard, and touch as a trackpad ----------------------------------
keyboardToggle.addEventListener('click', () => input.focusKeyboard());
const TRACKPAD_KEY = 'woperator.trackpad';
const settingTrackpad = $('setting-trackpad');
function setTrackpad(on) {
  state.choose({ trackpad: on });
  settingTrackpad.checked = on;
  localStorage.setItem(TRACKPAD_KEY, String(on));
}
setTrackpad(localStorage.getItem(TRACKPAD_KEY) === 'true');
settingTrackpad.addEventListener('change', () => setTrackpad(settingTrackpad.checked));

// --- Fullscreen and pointer lock ------------------------------------------------------------------------------
const fullscreenToggle = $('fullscreen-toggle');
function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
}
fullscreenToggle.hidden = !document.fullscreenEnabled;
fullscreenToggle.addEventListener('click', toggleFullscreen);
const pointerLock = $('pointer-lock');
pointerLock.addEventListener('click', () => input.lockPointer());

// --- Keys the browser would keep (Alt+Tab, Ctrl+W, Escape...) reach the desktop in fullscreen, where it can --
document.addEventListener('fullscreenchange', () => {
  fullscreenToggle.setAttribute('aria-pressed', String(document.fullscreenElement !== null));
  if (!navigator.keyboard?.lock) return;
  if (document.fullscreenElement) {
    navigator.keyboard.lock().catch((error) => console.warn('woperator: keyboard lock refused', error));
  } else {
    navigator.keyboard.unlock();
  }
});

// --- The keyboard's focus goes back to the desktop after every control, so that typing (and Space) reach the
// desktop rather than the last button pressed ---------------------------------------------------------------
document.addEventListener('click', (event) => {
  const control = event.target.closest?.('button');
  if (control && !control.closest('dialog') && !control.hasAttribute('aria-haspopup')) input.focusKeyboard();
});
for (const dialog of document.querySelectorAll('dialog')) dialog.addEventListener('close', () => input.focusKeyboard());

// --- Viewer shortcuts, as selkies users know them ---------------------------------------------------------
addEventListener('keydown', (event) => {
  if (!isViewerShortcut(event)) return;
  event.preventDefault();
  if (event.code === 'KeyF') {
    toggleFullscreen();
  } else if (event.code === 'KeyM') {
    overlay.toggle();
  }
});
$('settings-open').addEventListener('click', () => settings.showModal());

// --- Stats: a panel, kept open or closed per browser -------------------------------------------------------
const STATS_KEY = 'woperator.stats';
const statsPanel = $('stats-panel');
const stats = new StatsPanel($('graphs'), () => connection.peer, video, () => connection.output);
stats.start();
desktop.addEventListener('sender-stats', ({ detail }) => { stats.sender = detail; });

function showStats(on) {
  statsPanel.hidden = !on;
  statsToggle.setAttribute('aria-pressed', String(on));
  settingStats.checked = on;
  localStorage.setItem(STATS_KEY, String(on));
}
showStats(localStorage.getItem(STATS_KEY) === 'true');
statsToggle.addEventListener('click', () => showStats(statsPanel.hidden));
$('stats-close').addEventListener('click', () => showStats(false));
settingStats.addEventListener('change', () => showStats(settingStats.checked));

// Exposed for debugging from the console (and for the end-to-end tests and benchmarks).
window.woperator = { connection, stats, input, desktop, files, overlay, notices, firstFrameMs: null };
// Milliseconds from the start of page load until the first frame was presented.
video.requestVideoFrameCallback((now) => { window.woperator.firstFrameMs = now; });
connection.start();
