import { fieldError } from './field-error';

/** The billing server's base URL: absolute http(s), no credentials, query or fragment. */
export function normalizeServerUrl(input: string, field = 'serverUrl'): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fieldError(field, 'server-url-invalid', 'Enter the billing server URL, e.g. https://billing.example.com.');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw fieldError(field, 'server-url-invalid', 'The server URL must be http(s) without user, query or fragment.');
  }
  return url.href.replace(/\/+$/, '');
}

/** App keys travel in the X-App-Key header and in the key AAD: printable ASCII, no spaces. */
export function normalizeAppKey(input: string, field = 'appKey'): string {
  const text = input.trim();
  if (!/^[\x21-\x7e]{1,128}$/.test(text)) {
    throw fieldError(field, 'app-key-invalid', 'The app key is 1–128 printable characters without spaces.');
  }
  return text;
}
