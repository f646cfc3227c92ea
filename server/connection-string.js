// @ts-check
/**
 * The shape check of `ACS_CONNECTION_STRING` (`endpoint=https://<resource>.communication.azure.com/;accesskey=<base64>`),
 * done once at start-up. Its error message is fixed: it never quotes the string, which carries the
 * resource's access key.
 */

export const CONNECTION_STRING_ERROR =
  'ACS_CONNECTION_STRING is not valid: expected endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>.';

/**
 * Parses a connection string; throws an Error with CONNECTION_STRING_ERROR when it is malformed.
 * @param {string} connectionString
 * @returns {{ endpoint: string, accessKey: string }} endpoint with a trailing slash
 */
export function checkConnectionString(connectionString) {
  /** @type {Record<string, string>} */
  const parts = {};
  for (const part of String(connectionString).split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      if (part.trim()) throw new Error(CONNECTION_STRING_ERROR);
      continue;
    }
    parts[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  const { endpoint, accesskey: accessKey } = parts;
  if (!endpoint || !accessKey || !/^[A-Za-z0-9+/]+={0,2}$/.test(accessKey)) throw new Error(CONNECTION_STRING_ERROR);
  let url;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(CONNECTION_STRING_ERROR);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || url.username || url.password) throw new Error(CONNECTION_STRING_ERROR);
  return { endpoint: url.href.replace(/\/?$/, '/'), accessKey };
}
