import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { MARKETS as SDK_MARKETS } from '../../../assets/common-billing/markets/registry';
import { EXTENSION_MARKETS } from '../../../extensions/common-billing/src/native/markets/registry';
import { marketIds, marketModule } from '../../../server/src/markets/registry';

/**
 * Issue #16: adding a market is its folders plus one registry line per side. Outside the market
 * folders and the registries, no source names a market id as a string literal or in an import
 * path. The few exceptions below say why; anything new must go through a market module.
 */
const ROOT = join(__dirname, '..', '..', '..');
const SCANNED = ['server/src', 'extensions/common-billing/src', 'assets/common-billing'];
const MARKET_FOLDERS = ['server/src/markets/', 'extensions/common-billing/src/native/markets/', 'assets/common-billing/markets/'];
const ALLOWED: Record<string, string> = {
  // 'production' | 'sandbox' is the purchase environment on the wire, not the sandbox market.
  'assets/common-billing/protocol/common.ts': 'Environment literal',
  // The sandbox store's wire schemas are part of the protocol both the SDK and the server import.
  'assets/common-billing/protocol/index.ts': 're-exports protocol/sandbox.ts',
  // Sandbox-only apps and the config file's `sandbox:` key are core policy (DESIGN.md); it takes the id from the module.
  'server/src/domain/apps.ts': 'sandbox-only policy',
  // Converts T store / Naver purchase logs of the games' old servers: history, not a market's wiring.
  'server/src/cli/legacy-formats.ts': 'legacy purchase-log import',
};

interface Hit { file: string; line: number; text: string }

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** String literals equal to a market id, and import/export paths with a segment that is one. */
function marketNames(file: string, ids: ReadonlySet<string>): Hit[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const hits: Hit[] = [];
  const hit = (node: ts.Node) => hits.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText() });
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const parent = node.parent;
      const isPath = ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)
        || (ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword || parent.expression.getText() === 'require'));
      const names = isPath ? node.text.split('/').map((s) => s.replace(/\.(ts|js)$/, '')) : [node.text];
      if (names.some((n) => ids.has(n))) hit(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return hits;
}

function posix(path: string): string {
  return relative(ROOT, path).split(sep).join('/');
}

describe('market folders: one folder per market on each side, one registry line each', () => {
  const ids = new Set(marketIds());

  it('every side knows the same markets (server, SDK, extension)', () => {
    expect(Object.keys(SDK_MARKETS).sort()).to.deep.equal([...ids].sort());
    expect(EXTENSION_MARKETS.map((m) => m.id).sort()).to.deep.equal([...ids].sort());
  });

  it('every server market folder is registered, and every registered market has its folder', () => {
    const folders = readdirSync(join(ROOT, 'server/src/markets')).filter((n) => n !== 'shared' && statSync(join(ROOT, 'server/src/markets', n)).isDirectory());
    expect(folders.sort()).to.deep.equal([...ids].sort());
    for (const id of ids) expect(marketModule(id).id).to.equal(id);
  });

  it('no file outside the market folders and registries names a market id (literal or import path)', () => {
    const hits: Hit[] = [];
    for (const dir of SCANNED) {
      for (const file of sourceFiles(join(ROOT, dir))) {
        const rel = posix(file);
        if (MARKET_FOLDERS.some((f) => rel.startsWith(f)) || ALLOWED[rel]) continue;
        hits.push(...marketNames(file, ids).map((h) => ({ ...h, file: rel })));
      }
    }
    expect(hits.map((h) => `${h.file}:${h.line} ${h.text}`)).to.deep.equal([]);
  });

  it('the check itself finds a literal and an import path, and ignores comments and sentences', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-market-folders-'));
    try {
      const probe = join(dir, 'probe.ts');
      writeFileSync(probe, [
        "import { naverMarket } from '../markets/naver';",
        "const id = 'one-store';",
        "// 'app-store' in a comment, and a sentence naming google-play:",
        "const help = 'Market on iOS builds: app-store or sandbox';",
        'export { naverMarket, id, help };',
      ].join('\n'));
      expect(marketNames(probe, ids).map((h) => `${h.line} ${h.text}`)).to.deep.equal(["1 '../markets/naver'", "2 'one-store'"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('each allowed exception still exists and still needs its exception', () => {
    for (const file of Object.keys(ALLOWED)) expect(marketNames(join(ROOT, file), ids).length, file).to.be.greaterThan(0);
  });
});
