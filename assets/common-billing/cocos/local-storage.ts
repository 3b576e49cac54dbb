import { sys } from 'cc';
import type { KeyValueStorage } from '../core/types';

/**
 * The journal's storage on `sys.localStorage` (web: window.localStorage; native: SQLite with
 * autocommit per setItem, COCOS.md §4). A missing key may come back as `undefined` on the
 * web when storage is blocked: normalised to null. A throwing storage rejects, and the
 * journal turns that into STORAGE_FAILED.
 */
export class CocosLocalStorage implements KeyValueStorage {
  async getItem(key: string): Promise<string | null> {
    const value = sys.localStorage.getItem(key) as string | null | undefined;
    return value === undefined || value === null ? null : value;
  }

  async setItem(key: string, value: string): Promise<void> {
    sys.localStorage.setItem(key, value);
  }

  async removeItem(key: string): Promise<void> {
    sys.localStorage.removeItem(key);
  }
}
