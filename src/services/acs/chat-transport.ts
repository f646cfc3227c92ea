/**
 * Lets the real chat SDK talk to the local emulator over plain http — for loopback hosts only.
 *
 * Two things stop the SDK from using `http://127.0.0.1:8080/`:
 * 1. its bearer-token policy (@azure/core-rest-pipeline `bearerTokenAuthenticationPolicy`) throws
 *    for any request URL that does not start with `https://`, before anything is sent;
 * 2. the default HTTP client refuses `http:` unless the request has `allowInsecureConnection`.
 * So a per-call policy, which runs before the bearer policy, marks loopback http requests and
 * presents them as https; the HTTP client below turns marked requests back into http, sets
 * `allowInsecureConnection`, and sends them. Anything that is not loopback is left alone (and an
 * http URL to another host is still refused).
 */
import { createDefaultHttpClient } from '@azure/core-rest-pipeline';
import type { HttpClient, PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import type { ChatClientOptions } from '@azure/communication-chat';

/** True for 127.0.0.0/8, `localhost` and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1') return true;
  const octets = host.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  );
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Requests presented as https by the policy, with the port they really use. */
const presentedAsHttps = new WeakMap<PipelineRequest, string>();

/** Per-call policy: marks loopback http requests and presents them as https to the bearer policy. */
export const loopbackHttpPolicy: PipelinePolicy = {
  name: 'acsLoopbackHttpPolicy',
  sendRequest(request, next) {
    const url = parse(request.url);
    if (url && url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
      const port = url.port || '80';
      url.protocol = 'https:';
      url.port = port;
      request.url = url.toString();
      presentedAsHttps.set(request, port);
    }
    return next(request);
  },
};

/**
 * An HttpClient that sends loopback requests over plain http (requests marked by
 * `loopbackHttpPolicy`, or already http) and everything else through the default client unchanged.
 * Plain http to any other host is refused.
 */
export function createLoopbackHttpClient(): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const url = parse(request.url);
      if (!url) return inner.sendRequest(request);
      const port = presentedAsHttps.get(request);
      const loopback = isLoopbackHost(url.hostname);
      if (url.protocol === 'http:' && !loopback) {
        throw new Error('Plain http is only allowed to loopback hosts (127.0.0.0/8, localhost, [::1]).');
      }
      const downgrade = port !== undefined && url.protocol === 'https:' && loopback;
      if (!downgrade && url.protocol !== 'http:') return inner.sendRequest(request);
      const originalUrl = request.url;
      const originalAllow = request.allowInsecureConnection;
      if (downgrade) {
        url.protocol = 'http:';
        url.port = port === '80' ? '' : port;
        request.url = url.toString();
      }
      request.allowInsecureConnection = true;
      try {
        return await inner.sendRequest(request);
      } finally {
        // Retries re-enter here with the request as the bearer policy saw it.
        request.url = originalUrl;
        request.allowInsecureConnection = originalAllow;
      }
    },
  };
}

/** Options to spread into ChatClient / ChatThreadClient options for a given endpoint. */
export type ChatTransportOptions = Pick<ChatClientOptions, 'httpClient' | 'additionalPolicies'>;

/**
 * `{httpClient, additionalPolicies}` for an http loopback endpoint (the local emulator), `{}` for
 * anything else (https endpoints use the SDK's default transport).
 */
export function chatClientOptionsFor(endpoint: string): ChatTransportOptions {
  const url = parse(endpoint);
  if (!url || url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) return {};
  return {
    httpClient: createLoopbackHttpClient(),
    additionalPolicies: [{ policy: loopbackHttpPolicy, position: 'perCall' }],
  };
}
