import { GooglePushAuthority } from '../../simulators/google-push-auth';
import { startLoopbackServer } from '../../simulators/http';

/**
 * Google's side of an authenticated Pub/Sub push on its own certificate URL (the shape of
 * https://www.googleapis.com/oauth2/v1/certs, with Cache-Control max-age like Google's), so a
 * test can set `certsUrl` in the app's notificationAuth and count how often it is fetched.
 */
export async function startGoogleOidc(maxAgeS = 300) {
  const authority = await GooglePushAuthority.create();
  let fetches = 0;
  const server = await startLoopbackServer(() => {
    fetches++;
    return { status: 200, body: authority.certs(), headers: { 'cache-control': `public, max-age=${maxAgeS}, must-revalidate, no-transform` } };
  });
  return {
    authority,
    certsUrl: `${server.origin}/oauth2/v1/certs`,
    fetches: () => fetches,
    close: server.close,
  };
}
