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
      // when the frame's last packet arrived (else now), in µs since the epoch on the browser's clock
      const metadata = frame.getMetadata();
      const arrivalUs = Math.round((performance.timeOrigin + (metadata.receiveTime ?? performance.now())) * 1000);
      decoder.take({ mimeType: metadata.mimeType, key: frame.type === 'key', data: frame.data, arrivalUs });
      controller.enqueue(frame);
    },
  });
  transformer.readable.pipeThrough(passOn).pipeTo(transformer.writable)
    .catch((error) => console.warn('woperator: direct rendering stopped:', error));
});
