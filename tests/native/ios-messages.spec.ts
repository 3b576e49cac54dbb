/**
 * The Swift bridge cannot be compiled or run here, so this holds its wording to the transcripts the
 * other way: every error the App Store and dispatcher transcripts record must be producible from a
 * string literal of native/ios/*.swift (interpolations match any text), and every recorded
 * nativeCode must be named there. It catches a reworded message or a renamed StoreKit case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..');
const IOS = join(ROOT, 'native', 'ios');
const swift = readdirSync(IOS).filter((f) => f.endsWith('.swift')).map((f) => readFileSync(join(IOS, f), 'utf8')).join('\n');

/** Swift string literals, as regular expressions: text literal, each `\(…)` becomes `.+`. */
function swiftTemplates(source: string): RegExp[] {
  const out: RegExp[] = [];
  let i = 0;
  const readString = (): string => {
    let pattern = '';
    i++; // opening quote
    while (i < source.length && source[i] !== '"') {
      if (source[i] === '\\' && source[i + 1] === '(') {
        let depth = 0;
        i += 1;
        do {
          if (source[i] === '(') depth++;
          else if (source[i] === ')') depth--;
          else if (source[i] === '"') readString();
          i++;
        } while (depth > 0 && i < source.length);
        pattern += '.+';
        continue;
      }
      const c = source[i] === '\\' ? source[++i] ?? '' : source[i] ?? '';
      pattern += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
    return pattern;
  };
  while (i < source.length) {
    if (source[i] === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source[i] === '"') {
      out.push(new RegExp(`^${readString()}$`));
      i++;
    } else {
      i++;
    }
  }
  return out;
}

interface Message { to: string; event: string; arg: string }
interface Transcript { name: string; market: string; messages: Message[] }

const DIR = join(ROOT, 'tests', 'fixtures', 'bridge');
const DISPATCHER_ONLY = ['malformed request', 'unknown method', 'unknown market'];
const iosTranscripts = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Transcript)
  .filter((t) => t.market === 'app-store' || DISPATCHER_ONLY.includes(t.name));

describe('iOS bridge wording (native/ios/*.swift) matches the transcripts', () => {
  const templates = swiftTemplates(swift);

  it('reads the Swift string literals, interpolations included', () => {
    expect(templates.some((t) => t.test('This bridge has no market named foo.'))).to.equal(true);
    expect(templates.some((t) => t.test('Unknown method: refund.'))).to.equal(true);
    expect(templates.some((t) => t.test('This text is not in the Swift bridge'))).to.equal(false);
  });

  for (const t of iosTranscripts) {
    it(`${t.name}: every recorded error can come from the Swift bridge`, () => {
      for (const m of t.messages) {
        if (m.to !== 'script') continue;
        const error = (JSON.parse(m.arg) as { error?: { code: string; message: string; nativeCode?: string | number } }).error;
        if (!error) continue;
        expect(templates.some((re) => re.test(error.message)), `message "${error.message}"`).to.equal(true);
        expect(swift.includes(`"${error.code}"`), `code ${error.code}`).to.equal(true);
        if (error.nativeCode !== undefined) expect(swift.includes(`"${String(error.nativeCode)}"`), `nativeCode ${error.nativeCode}`).to.equal(true);
      }
    });
  }
});
