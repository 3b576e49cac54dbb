/**
 * Idempotent edits of a user's build files: everything the extension adds sits between a
 * begin and an end marker comment, so a later run replaces exactly that block (or removes it),
 * and nothing outside the markers is touched.
 */
export type CommentStyle = 'slash' | 'hash' | 'xml';

export interface BlockSpec {
  /** Distinguishes several blocks in one file, e.g. `dependencies`. */
  section: string;
  style: CommentStyle;
  /** The lines between the markers, or null to remove the block. */
  lines: readonly string[] | null;
  /** Where a new block goes when the file has none yet. */
  place: { after: RegExp; searchFrom?: RegExp } | { before: RegExp } | { append: true };
  /** Indentation of the marker lines. */
  indent?: string;
}

const TAG = 'common-billing';

function markers(spec: BlockSpec): [string, string] {
  const begin = `${TAG}:begin ${spec.section} (managed by the Common Billing extension; changes here are replaced)`;
  const end = `${TAG}:end ${spec.section}`;
  switch (spec.style) {
    case 'slash': return [`// ${begin}`, `// ${end}`];
    case 'hash': return [`# ${begin}`, `# ${end}`];
    case 'xml': return [`<!-- ${begin} -->`, `<!-- ${end} -->`];
  }
}

/** Thrown when a file does not have the line a new block must be placed next to. */
export class AnchorNotFoundError extends Error {}

export function applyBlock(text: string, spec: BlockSpec): string {
  const [begin, end] = markers(spec);
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.trim() === begin);
  const to = lines.findIndex((l, i) => i > from && l.trim() === end);
  const begins = lines.filter((l) => l.trim() === begin).length;
  const ends = lines.filter((l) => l.trim() === end).length;
  // A half-deleted or duplicated block: guessing its extent could delete the developer's lines.
  if (begins > 1 || ends > 1 || (from >= 0) !== (to >= 0) || ends !== begins) {
    throw new AnchorNotFoundError(`the ${spec.section} markers are damaged (need exactly one begin and one end line)`);
  }
  const indent = spec.indent ?? '';
  const block = spec.lines ? [indent + begin, ...spec.lines.map((l) => (l ? indent + l : l)), indent + end] : [];
  if (from >= 0 && to > from) {
    lines.splice(from, to - from + 1, ...block);
    return lines.join('\n');
  }
  if (!spec.lines) return text;
  const place = spec.place;
  if ('append' in place) {
    const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
    return `${body}${block.join('\n')}\n`;
  }
  const pattern = 'after' in place ? place.after : place.before;
  // searchFrom narrows the anchor to one scope, e.g. the repositories of allprojects {}.
  const start = 'after' in place && place.searchFrom ? lines.findIndex((l) => place.searchFrom!.test(l)) : 0;
  const at = start < 0 ? -1 : lines.findIndex((l, i) => i >= start && pattern.test(l));
  if (at < 0) throw new AnchorNotFoundError(`no line matches ${pattern}`);
  lines.splice('after' in place ? at + 1 : at, 0, ...block);
  return lines.join('\n');
}

export function hasBlock(text: string, section: string): boolean {
  return text.includes(`${TAG}:begin ${section} `);
}
