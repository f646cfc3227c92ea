/**
 * `acs-teams-elements/server`: the token endpoint for a site's own backend. Server-side only:
 * no browser bundle imports this file (see README, "Token service").
 */
export { createTokenHandler, TOKEN_SCOPES } from './token-handler.js';
export type {
  AuthorizeResult,
  IdentityClientLike,
  TokenHandler,
  TokenHandlerOptions,
  TokenRequestContext,
  TokenResponseBody,
  TokenScope,
} from './token-handler.js';
export { createMemoryIdentityStore } from './stores.js';
export type { IdentityStore } from './stores.js';
export { toAzureFunctionsHandler, toFastifyHandler, toNodeHandler } from './adapters.js';
export type {
  AzureFunctionsRequestLike,
  AzureFunctionsResponseInit,
  FastifyReplyLike,
  FastifyRequestLike,
  NodeRequestLike,
  NodeResponseLike,
} from './adapters.js';
