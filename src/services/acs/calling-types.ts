/**
 * The part of @azure/communication-calling the meeting adapter uses, as an injectable value.
 * Type-only imports: this module never loads the SDK, so the adapter can be driven by fakes typed
 * against the SDK's own declarations (tests) or by the real module (`calling-sdk.ts`).
 */
import type {
  Call,
  CallAgent,
  CallClient,
  CallClientOptions,
  Features,
  LocalVideoStream,
  RemoteVideoStream,
  TeamsCall,
  TeamsCallAgent,
  VideoDeviceInfo,
  VideoStreamRenderer,
} from '@azure/communication-calling';
import type { CommunicationTokenCredential } from '@azure/communication-common';
import type { TokenResult, TokenSession } from '../../core/token-source.js';

/** The call features the adapter reads. */
export type CallingFeatures = Pick<
  typeof Features,
  | 'Recording'
  | 'Transcription'
  | 'RaiseHand'
  | 'Reaction'
  | 'Captions'
  | 'DominantSpeakers'
  | 'UserFacingDiagnostics'
  | 'OptimalVideoCount'
  | 'Capabilities'
  | 'Spotlight'
  | 'BreakoutRooms'
>;

export interface CallingSdk {
  createCallClient(options?: CallClientOptions): CallClient;
  createLocalVideoStream(camera: VideoDeviceInfo): LocalVideoStream;
  createRenderer(stream: LocalVideoStream | RemoteVideoStream): VideoStreamRenderer;
  createCredential(session: TokenSession, initial: TokenResult): CommunicationTokenCredential;
  readonly Features: CallingFeatures;
}

/** Either agent; both join Teams meetings with the same locators. */
export type AnyCallAgent = CallAgent | TeamsCallAgent;
export type AnyCall = Call | TeamsCall;
