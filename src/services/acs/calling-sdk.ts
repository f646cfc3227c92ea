/**
 * The real @azure/communication-calling behind the `CallingSdk` seam. Only reached through
 * `import('./calling-sdk.js')`, so the 1.6 MB (gzip) SDK lands in its own chunk.
 */
import { CallClient, Features, LocalVideoStream, VideoStreamRenderer } from '@azure/communication-calling';
import { createCredential } from './credential.js';
import type { CallingSdk } from './calling-types.js';

export const callingSdk: CallingSdk = {
  createCallClient: (options) => new CallClient(options),
  createLocalVideoStream: (camera) => new LocalVideoStream(camera),
  createRenderer: (stream) => new VideoStreamRenderer(stream),
  createCredential,
  Features,
};
