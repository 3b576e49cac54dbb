/** JSON.parse that answers undefined for malformed text (storage, server answers, native messages). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
