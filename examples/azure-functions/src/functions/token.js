// GET|POST /api/token: ACS tokens for the signed-in users of your site, for <acs-teams-meeting token-url="…">.
//
// App settings: ACS_CONNECTION_STRING (or ACS_ENDPOINT with a managed identity, see README),
// ALLOWED_ORIGINS (comma list: the site pages calling this function), TEAMS_CLIENT_ID (optional).
//
// Who may get a token is YOUR decision: replace `authorize` below. This example trusts App
// Service Authentication ("Easy Auth"): the platform signs users in and passes their id in the
// x-ms-client-principal-id header, which it strips from client requests.
import { app } from '@azure/functions';
import { createTokenHandler, toAzureFunctionsHandler } from 'acs-teams-elements/server';

const handler = createTokenHandler({
  connectionString: process.env.ACS_CONNECTION_STRING,
  authorize: (request) => {
    const userId = request.headers.get('x-ms-client-principal-id');
    return userId ? { userKey: userId } : false;
  },
  scopes: ['voip', 'chat'],
  tokenExpiresInMinutes: 60,
  allowedOrigins: (process.env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
  rateLimit: { perMinute: 30 },
  ...(process.env.TEAMS_CLIENT_ID ? { teams: { clientId: process.env.TEAMS_CLIENT_ID } } : {}),
  // Several instances: give them one identityStore (e.g. Table Storage) so a user keeps one ACS
  // identity everywhere; the default store is per instance. The rate limit is per instance too.
});

app.http('token', {
  route: 'token',
  methods: ['GET', 'POST', 'OPTIONS'],
  authLevel: 'anonymous',
  handler: toAzureFunctionsHandler(handler),
});
