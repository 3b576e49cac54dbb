import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Debian's PostgreSQL 15 server binaries (the shared test database's version). */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the test's own (initdb into a temp dir, a free loopback port), for
 * tests that stop and restart the database. Never the shared server on 5432, which other suites
 * and other people use. The server refuses to run as root, so it runs as `postgres` then.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Whether this machine can run one (binaries present, and we are `postgres` or can become it). */
  static available(): boolean {
    return existsSync(join(PG_BIN, 'initdb')) && (userInfo().uid !== 0 || existsSync('/usr/sbin/runuser'));
  }

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'cb-private-pg-'));
    const pg = new PrivatePostgres(dir, await freePort());
    if (userInfo().uid === 0) chownSync(dir, uid('postgres'), gid('postgres'));
    pg.run('initdb', ['-D', pg.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    pg.startServer();
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  startServer(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
    this.run('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  /** `immediate` is a crash (recovery from the WAL at the next start); `fast` a clean shutdown. */
  stopServer(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  /** Stops the cluster (if running) and removes its files. */
  destroy(): void {
    try {
      this.stopServer('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(tool: string, args: string[]): void {
    const bin = join(PG_BIN, tool);
    if (userInfo().uid === 0) execFileSync('/usr/sbin/runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe', cwd: this.dir });
    else execFileSync(bin, args, { stdio: 'pipe', cwd: this.dir });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

function gid(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim());
}
