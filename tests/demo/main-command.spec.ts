import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** The commands of README.md's first code block, comments stripped. */
function readmeCommands(): string[] {
  const block = readFileSync(join(ROOT, 'README.md'), 'utf8').split('```')[1] ?? '';
  return block.split('\n').slice(1).map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
}

/**
 * Issue #8: the README's main command, as written (after the install CI has already done):
 * `npm start` builds every bundle and starts the demo server on an embedded SQLite database,
 * printing the URLs of the API document, the demo and the console, and the console sign-in.
 */
describe('the README main command (npm start) serves the demo, the console and the API document', function () {
  this.timeout(600_000);
  let child: ChildProcess | undefined;
  let dataDir: string;
  let output = '';

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cb-main-'));
  });
  after(() => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is the first command of README.md, and the second runs the full suite', () => {
    expect(readmeCommands()).to.deep.equal(['npm ci && npm start', 'npm ci && npm test']);
  });

  it('starts, prints the URLs and the console sign-in once, and every URL answers', async () => {
    // npm appends the arguments to the script: a temp data folder and any free port.
    child = spawn('npm', ['start', '--', '--data-dir', dataDir, '--port', '0'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const url = await new Promise<string>((ok, fail) => {
      const timer = setInterval(() => {
        const m = /Common Billing demo is running on (http:\/\/\S+)/.exec(output);
        if (m) {
          clearInterval(timer);
          ok(m[1]!);
        } else if (child!.exitCode !== null) {
          clearInterval(timer);
          fail(new Error(`npm start exited with ${child!.exitCode}:\n${output}`));
        }
      }, 200);
    });
    expect(output).to.match(/API document : http:\/\/\S+\/openapi\.json/);
    expect(output).to.match(/demo game {4}: http:\/\/\S+\/demo/);
    expect(output).to.match(/Support console: http:\/\/\S+\/console\/\s+sign in as \S+ \/ \S+/);

    expect((await fetch(`${url}/healthz`)).status).to.equal(200);
    const demo = await fetch(`${url}/demo/`);
    expect(demo.status).to.equal(200);
    expect(demo.headers.get('content-type')).to.match(/text\/html/);
    const consolePage = await fetch(`${url}/console/`);
    expect(consolePage.status).to.equal(200);
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(doc.paths).to.have.property('/v1/sessions');
    expect(doc.paths).to.have.property('/v1/receipts');
    const session = await fetch(`${url}/v1/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-app-key': 'gas-station-demo' }, body: JSON.stringify({ market: 'sandbox', userKey: 'visitor-1' }),
    });
    expect(session.status).to.equal(200);
    const products = ((await session.json()) as { products: { productId: string }[] }).products.map((p) => p.productId).sort();
    expect(products).to.deep.equal(['car_upgrade', 'gas', 'premium_pass']);
  });
});
