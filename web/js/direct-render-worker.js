// The worker half of direct rendering from RTP (direct-render.js): an RTCRtpScriptTransform on the video receiver.
// Each encoded frame goes on to the browser's own decoder unchanged (which keeps its statistics and its keyframe
// requests on loss) and into our decoder (frame-decoder.js), whose pictures go to the page at once, without the
// browser's render scheduling.
//
// Messages to the page: { frame: VideoFrame } (transferred), { state: { codec, decoding, recoveries, error } }.
// From the page: { breakNextFrame: true } (tests: the decoder's next delta frame is cut short).

import { FrameDecoder } from './frame-decoder.js';

self.addEventListener('rtctransform', ({ transformer }) => {
  const decoder = new FrameDecoder({
    onPicture: (picture) => self.postMessage({ frame: picture }, [picture]),
    onState: (state) => self.postMessage({ state }),
    askKeyframe: () => transformer.sendKeyFrameRequest().catch(() => {}),
  });
  self.addEventListener('message', ({ data }) => {
    if (data.breakNextFrame) decoder.breakNextFrame();
  });
  const passOn = new TransformStream({
    transform: (frame, controller) => {
      // the moment the whole frame reached our code, in µs since the epoch on the browser's clock: the moment a
      // picture on the data channel is stamped with too (see handedToPageMs)
      const arrivalUs = Math.round((performance.timeOrigin + performance.now()) * 1000);
      decoder.take({ mimeType: frame.getMetadata().mimeType, key: frame.type === 'key', data: frame.data, arrivalUs });
      controller.enqueue(frame);
    },
  });
  transformer.readable.pipeThrough(passOn).pipeTo(transformer.writable)
    .catch((error) => console.warn('woperator: direct rendering stopped:', error));
});
