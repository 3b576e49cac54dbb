import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ChunkedLogStream } from '../../server/src/plugins/chunked-log-stream';

const line = (i: number) => `{"level":30,"n":${i},"msg":"request completed","pad":"${'x'.repeat(80)}"}\n`;

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('server log destination (ChunkedLogStream)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cb-log-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every line, in order, in chunks', async () => {
    const file = join(dir, 'a.log');
    const stream = ChunkedLogStream.open(file);
    for (let i = 0; i < 5_000; i++) stream.write(line(i));
    await new Promise<void>((res, rej) => stream.flush((e) => (e ? rej(e) : res())));
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines).to.have.length(5_000);
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n)).to.deep.equal([...Array(5_000).keys()]);
    stream.end();
  });

  it('holds a lone line back, then writes it within the flush delay without being asked', async () => {
    const file = join(dir, 'b.log');
    const stream = ChunkedLogStream.open(file);
    stream.write(line(1));
    // Held back to share a write with the lines after it. The 20 ms timer expires before the
    // stream's 100 ms one, so it runs first however late the loop gets to them: with the line
    // still held this reads '', and a line written at once would have reached the file by now.
    await new Promise((r) => setTimeout(r, 20));
    expect(readFileSync(file, 'utf8')).to.equal('');
    await until(() => readFileSync(file, 'utf8') === line(1));
    stream.end();
  });

  it('loses nothing when the process exits right after logging (stdout a pipe, the shipped pino options)', async () => {
    const module = resolve(__dirname, '../../server/src/plugins/log-destination.ts');
    const script = `
      const pino = require('pino');
      const { loggerOptions } = require(${JSON.stringify(module)});
      const options = loggerOptions({ level: 'info' });
      const log = pino(options, options.stream);
      for (let i = 0; i < 20000; i++) log.info({ n: i }, 'line');
      process.exit(0);`;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((res) => child.once('close', res));
    expect(code, err).to.equal(0);
    const numbers = out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { n: number }).n);
    expect(numbers).to.have.length(20_000);
    expect(numbers).to.deep.equal([...Array(20_000).keys()]);
  });
});
