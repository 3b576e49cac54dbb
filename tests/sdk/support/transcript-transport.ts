import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BridgeTransport, NativeEventListener } from '../../../assets/common-billing/core/bridge-transport';

export interface Transcript {
  name: string;
  market: string;
  messages: { to: 'native' | 'script'; event: string; arg: string }[];
}

export const TRANSCRIPT_DIR = join(__dirname, '..', '..', 'fixtures', 'bridge');

export function loadTranscripts(): { file: string; transcript: Transcript }[] {
  return readdirSync(TRANSCRIPT_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, transcript: JSON.parse(readFileSync(join(TRANSCRIPT_DIR, file), 'utf8')) as Transcript }));
}

/**
 * A mock native side that replays a recorded transcript: each request the SDK sends must
 * equal (as JSON, by value) the next recorded `to: native` message; the recorded answers
 * and events that follow it are then delivered to script, on a later tick (Android) or
 * synchronously inside the dispatch (iOS).
 */
export class TranscriptTransport implements BridgeTransport {
  private cursor = 0;
  private readonly listeners = new Map<string, Set<NativeEventListener>>();
  readonly mismatches: string[] = [];

  constructor(
    private readonly transcript: Transcript,
    private readonly ordering: 'android-deferred' | 'ios-sync',
  ) {}

  get done(): boolean {
    return this.cursor >= this.transcript.messages.length;
  }

  /** The recorded requests, for a driver that issues them through the SDK. */
  requests(): string[] {
    return this.transcript.messages.filter((m) => m.to === 'native').map((m) => m.arg);
  }

  dispatchToNative(event: string, arg: string): void {
    if (typeof arg !== 'string') throw new Error('Converting arg1 failed!');
    const expected = this.transcript.messages[this.cursor];
    if (!expected || expected.to !== 'native' || expected.event !== event || !sameJson(expected.arg, arg)) {
      this.mismatches.push(`expected ${expected?.arg ?? '(end)'} but the SDK sent ${arg}`);
      return;
    }
    this.cursor++;
    const answers: { event: string; arg: string }[] = [];
    while (this.cursor < this.transcript.messages.length && this.transcript.messages[this.cursor]!.to === 'script') answers.push(this.transcript.messages[this.cursor++]!);
    const deliver = () => answers.forEach((a) => this.emit(a.event, a.arg));
    if (this.ordering === 'ios-sync') deliver();
    else setTimeout(deliver, 0);
  }

  addListener(event: string, listener: NativeEventListener): void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
  }

  removeListener(event: string, listener: NativeEventListener): void {
    this.listeners.get(event)?.delete(listener);
  }

  private emit(event: string, arg: string): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(arg === '' ? undefined : arg);
  }
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(sortKeys(JSON.parse(a))) === JSON.stringify(sortKeys(JSON.parse(b)));
  } catch {
    return a === b;
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
