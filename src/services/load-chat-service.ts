/**
 * Builds the chat backend for a token session: the real @azure/communication-chat client (it also
 * speaks to the local emulator, which implements the same REST protocol), loaded as its own chunk.
 * The ACS endpoint comes from the token response; a response without one is `token-invalid`.
 */
import { AcsError } from '../core/errors.js';
import type { ChatService, ChatServiceOptions } from './chat-service.js';

/** What an element knows when it wants a chat: the endpoint is read from the token. */
export type ChatServiceRequest = Omit<ChatServiceOptions, 'endpoint'>;

export async function loadChatService(request: ChatServiceRequest): Promise<ChatService> {
  // The service chunk (and the SDK) loads while the token is fetched, not after it.
  const loading = import('./acs/chat-service.js');
  loading.catch(() => undefined);
  const token = await request.session.current();
  if (!token.endpoint) throw new AcsError('token-invalid', 'The token response names no ACS endpoint.');
  let module;
  try {
    module = await loading;
  } catch (error) {
    throw new AcsError('sdk-load-failed', 'The chat SDK could not be loaded.', { cause: error, recoverable: true });
  }
  return module.createAcsChatService({ ...request, endpoint: token.endpoint });
}
