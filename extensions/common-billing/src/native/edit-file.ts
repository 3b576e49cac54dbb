import { existsSync, readFileSync } from 'fs';
import { relative } from 'path';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { AnchorNotFoundError, applyBlock, type BlockSpec } from './marked-block';
import { writeIfChanged } from './file-sync';

/**
 * Applies marker blocks to one build file of the user's native project and writes it only
 * when the text changed. Returns whether it did.
 */
export function editBuildFile(path: string, projectRoot: string, specs: readonly BlockSpec[], options: { createIfMissing?: boolean } = {}): boolean {
  const name = relative(projectRoot, path);
  if (!existsSync(path) && !options.createIfMissing) {
    if (specs.every((s) => s.lines === null)) return false;
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
  return text !== before && writeIfChanged(path, Buffer.from(text));
}
