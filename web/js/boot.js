// Chooses the page: several streams side by side (?streams=a,b), or one stream to watch and drive.
import { forgetTokenInAddress, gridStreams } from './streams.js';

forgetTokenInAddress();

if (gridStreams().length > 0) {
  import('./grid.js');
} else {
  import('./main.js');
}
