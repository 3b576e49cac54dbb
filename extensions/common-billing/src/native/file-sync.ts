import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import type { BridgeFile } from './bridge-sources';

/**
 * Copies the bridge files into a native project and removes the ones an earlier run copied
 * that are no longer wanted (another market's sources). Only files listed in the extension's
 * own record are ever deleted, never a file the developer wrote.
 */
export const FILES_RECORD = 'common-billing-files.json';

export interface SyncReport { written: string[]; removed: string[] }

export function syncBridgeFiles(engineDir: string, files: readonly BridgeFile[]): SyncReport {
  const report: SyncReport = { written: [], removed: [] };
  const wanted = new Set(files.map((f) => f.to));
  for (const old of readRecord(engineDir)) {
    if (wanted.has(old)) continue;
    const path = join(engineDir, old);
    if (existsSync(path)) {
      unlinkSync(path);
      removeEmptyParents(dirname(path), engineDir);
      report.removed.push(old);
    }
  }
  for (const file of files) {
    if (writeIfChanged(join(engineDir, file.to), readFileSync(file.from))) report.written.push(file.to);
  }
  const record = `${JSON.stringify({ files: [...wanted].sort() }, null, 2)}\n`;
  writeIfChanged(join(engineDir, FILES_RECORD), Buffer.from(record));
  return report;
}

/** Writes only when the bytes differ, so a second run leaves timestamps alone. */
export function writeIfChanged(path: string, content: Buffer): boolean {
  if (existsSync(path) && readFileSync(path).equals(content)) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return true;
}

function readRecord(engineDir: string): string[] {
  const path = join(engineDir, FILES_RECORD);
  if (!existsSync(path)) return [];
  try {
    const files = (JSON.parse(readFileSync(path, 'utf8')) as { files?: unknown }).files;
    // Entries that climb out of the engine folder are ignored: the record is a file in the
    // user's tree, and deleting outside it on its say-so would be unsafe.
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string' && !f.split('/').includes('..')) : [];
  } catch {
    return [];
  }
}

function removeEmptyParents(dir: string, stopAt: string): void {
  let current = dir;
  while (current.startsWith(stopAt) && current !== stopAt && existsSync(current) && readdirSync(current).length === 0) {
    rmdirSync(current);
    current = dirname(current);
  }
}
