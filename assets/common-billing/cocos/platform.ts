import { sys } from 'cc';
import type { Platform } from '../core/types';

/** Our platform name from the engine's `sys` (read at call time, never cached). */
export function currentPlatform(): Platform {
  if (sys.platform === sys.Platform.EDITOR_PAGE) return 'editor';
  if (sys.isNative && sys.platform === sys.Platform.ANDROID) return 'android';
  if (sys.isNative && sys.platform === sys.Platform.IOS) return 'ios';
  return 'web';
}
