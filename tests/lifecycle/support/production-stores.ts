import { AppStoreSimulator } from '../../simulators/app-store';
import { GooglePlaySimulator } from '../../simulators/google-play';
import { OneStoreSimulator } from '../../simulators/one-store';
import { APPLE_BUNDLE, GOOGLE_PACKAGE, ONE_PACKAGE, type StoreSimulators } from './harness';

/** The three simulators with the App Store in Production (the App Review / TestFlight case). */
export async function startProductionStores(): Promise<StoreSimulators> {
  const clock = { now: Date.UTC(2026, 0, 5, 9) };
  const now = () => clock.now;
  const [google, apple, one] = await Promise.all([
    GooglePlaySimulator.start({ packageName: GOOGLE_PACKAGE, now }),
    AppStoreSimulator.start({ bundleId: APPLE_BUNDLE, environment: 'Production', now }),
    OneStoreSimulator.start({ packageName: ONE_PACKAGE, now }),
  ]);
  return { clock, google, apple, one, close: async () => void (await Promise.all([google.close(), apple.close(), one.close()])) };
}
