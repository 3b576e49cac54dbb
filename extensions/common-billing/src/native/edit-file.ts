import { existsSync, readFileSync } from 'fs';
import { relative } from 'path';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { AnchorNotFoundError, applyBlock, type BlockSpec } from './marked-block';
import { writeIfChanged } from './file-sync';

/** A build file's new text, computed before anything is written. */
export interface PlannedEdit { path: string; text: string }

/**
 * Applies marker blocks to one build file of the user's native project, in memory. Returns
 * the new text when it differs; throws (before any file is written) when the file cannot be
 * edited safely, so a failed wiring leaves the project as it was.
 */
export function planBuildFileEdit(path: string, projectRoot: string, specs: readonly BlockSpec[], options: { createIfMissing?: boolean } = {}): PlannedEdit | null {
  const name = relative(projectRoot, path);
  if (!existsSync(path) && !options.createIfMissing) {
    if (specs.every((s) => s.lines === null)) return null;
    throw new BillingError('CONFLICT', `${name} does not exist; build the project once for this platform so Cocos creates native/engine.`);
  }
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  let text = before;
  for (const spec of specs) {
    try {
      text = applyBlock(text, spec);
    } catch (err) {
      if (!(err instanceof AnchorNotFoundError)) throw err;
      throw new BillingError('CONFLICT', `${name} does not look like the Cocos 3.8 template (${err.message}); add the Common Billing lines by hand.`);
    }
  }
  return text !== before ? { path, text } : null;
}

/** Writes planned edits; returns the paths written. */
export function applyEdits(edits: readonly (PlannedEdit | null)[]): string[] {
  return edits.filter((e): e is PlannedEdit => e !== null && writeIfChanged(e.path, Buffer.from(e.text))).map((e) => e.path);
}
