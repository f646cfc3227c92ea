/**
 * The chat SDK's `ChatClient`, only for realtime notifications: it is the one module that brings
 * `@azure/communication-signaling` (and `events`), so it sits behind a dynamic import and loads
 * after the first messages are on screen. Reading and sending need only `ChatThreadClient`.
 */
import { ChatClient } from '@azure/communication-chat';
import type { ChatClientOptions } from '@azure/communication-chat';
import type { CommunicationTokenCredential } from '@azure/communication-common';

export function createRealtimeClient(endpoint: string, credential: CommunicationTokenCredential, options: ChatClientOptions): ChatClient {
  return new ChatClient(endpoint, credential, options);
}
