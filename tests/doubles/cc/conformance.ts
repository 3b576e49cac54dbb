import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/**
 * Compares the `cc` test double with the real engine declarations (@cocos/creator-types) on
 * every engine member the SDK and the sample use. The uses are found by the TypeScript checker
 * in the runtime sources (each import from 'cc' and each property access that resolves into
 * the engine's cc.d.ts); each is looked up in the double's exports (the SDK's double plus the
 * UI double the sample's tests install) and must exist there, be callable with the arguments
 * the real signature requires, hold the same kind of value, and carry the same constant.
 */

const ROOT = join(__dirname, '..', '..', '..');
const ENGINE_DECLARATIONS = /@cocos[\\/]creator-types[\\/]engine[\\/]/;

export interface EngineUse {
  /** e.g. `sys.OS.ANDROID`, `Node#getChildByPath`, `instantiate`. */
  name: string;
  /** The export, then static members (`sys`, `OS`, `ANDROID`); an instance member has `instance`. */
  path: string[];
  instance?: string;
  expected: MemberShape;
  where: string;
}

interface MemberShape {
  callable: boolean;
  requiredArgs: number;
  kind: string;
  constant?: string | number;
}

function loadOptions(tsconfig: string): ts.CompilerOptions {
  const config = ts.readConfigFile(tsconfig, (p) => ts.sys.readFile(p));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfig)).options;
}

function tsFilesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
}

/** What a member looks like: callable with how many required arguments, its value kind, its constant. */
function shapeOf(checker: ts.TypeChecker, symbol: ts.Symbol, at: ts.Node): MemberShape {
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  const type = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(symbol, declaration ?? at));
  const signatures = type.getCallSignatures();
  const requiredArgs = signatures.length ? Math.min(...signatures.map((s) => s.getParameters().filter((p) => {
    const d = p.valueDeclaration as ts.ParameterDeclaration | undefined;
    return d && !d.questionToken && !d.initializer && !d.dotDotDotToken;
  }).length)) : 0;
  let constant: string | number | undefined;
  if (declaration && ts.isEnumMember(declaration)) constant = checker.getConstantValue(declaration);
  else if (type.isStringLiteral() || type.isNumberLiteral()) constant = type.value;
  return { callable: signatures.length > 0, requiredArgs, kind: kindOf(type), constant };
}

function kindOf(type: ts.Type): string {
  const parts = type.isUnion() ? type.types : [type];
  const kinds = new Set(parts.map((t): string | null => {
    if (t.flags & (ts.TypeFlags.StringLike)) return 'string';
    if (t.flags & (ts.TypeFlags.NumberLike)) return 'number';
    if (t.flags & (ts.TypeFlags.BooleanLike)) return 'boolean';
    if (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return null;
    if (t.getCallSignatures().length) return 'function';
    return 'object';
  }).filter((k) => k !== null));
  return [...kinds].sort().join('|') || 'void';
}

/** The static path of an engine declaration: its containers from the module down (`sys`, `OS`). */
function containerPath(declaration: ts.Node): string[] {
  const path: string[] = [];
  for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
    if ((ts.isModuleDeclaration(node) && !ts.isStringLiteral(node.name)) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node) || ts.isInterfaceDeclaration(node)) {
      if (node.name) path.unshift(node.name.text);
    }
  }
  return path;
}

/** Every engine member the given runtime sources use, once each. */
export function findEngineUses(files: string[], tsconfig = join(ROOT, 'tsconfig.runtime.json')): EngineUse[] {
  const program = ts.createProgram(files, loadOptions(tsconfig));
  const checker = program.getTypeChecker();
  const uses = new Map<string, EngineUse>();
  const record = (use: EngineUse) => { if (!uses.has(use.name)) uses.set(use.name, use); };
  const inEngine = (symbol: ts.Symbol | undefined) => symbol?.declarations?.some((d) => ENGINE_DECLARATIONS.test(d.getSourceFile().fileName)) ?? false;
  const resolved = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  /** An engine symbol → the name the sources import it by from 'cc' (the double exports that name). */
  const importedAs = new Map<ts.Symbol, string>();
  const sources = program.getSourceFiles().filter((s) => files.includes(s.fileName));

  for (const source of sources) {
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== 'cc') continue;
      const bindings = statement.importClause?.namedBindings;
      for (const spec of bindings && ts.isNamedImports(bindings) ? bindings.elements : []) {
        const name = (spec.propertyName ?? spec.name).text;
        const symbol = resolved(checker.getSymbolAtLocation(spec.name)!);
        importedAs.set(symbol, name);
        // A type-only import has nothing at run time for the double to provide.
        if (!spec.isTypeOnly && !statement.importClause?.isTypeOnly && symbol.flags & ts.SymbolFlags.Value) {
          record({ name, path: [name], expected: shapeOf(checker, symbol, spec), where: source.fileName.slice(ROOT.length + 1) });
        }
      }
    }
  }

  /** `sys.OS.ANDROID` → ['sys', 'OS', 'ANDROID'] when the chain starts at an import from 'cc'. */
  const chainOf = (expr: ts.Expression): string[] | null => {
    if (ts.isIdentifier(expr)) {
      const symbol = checker.getSymbolAtLocation(expr);
      const name = symbol && symbol.flags & ts.SymbolFlags.Alias ? importedAs.get(resolved(symbol)) : undefined;
      return name ? [name] : null;
    }
    if (ts.isPropertyAccessExpression(expr)) {
      const head = chainOf(expr.expression);
      return head ? [...head, expr.name.text] : null;
    }
    return null;
  };
  /** The class a member belongs to, by the name the sources import it as. */
  const ownerName = (symbol: ts.Symbol) => importedAs.get(symbol) ?? symbol.getName();

  for (const source of sources) {
    const where = source.fileName.slice(ROOT.length + 1);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        const symbol = checker.getSymbolAtLocation(node.name);
        const declaration = symbol?.declarations?.[0];
        if (symbol && declaration && inEngine(symbol)) {
          const member = node.name.text;
          const chain = chainOf(node);
          const receiver = checker.getTypeAtLocation(node.expression).getSymbol();
          const expected = shapeOf(checker, symbol, node);
          if (chain) record({ name: chain.join('.'), path: chain, expected, where });
          else if (receiver && inEngine(receiver) && receiver.flags & ts.SymbolFlags.Class) {
            record({ name: `${ownerName(receiver)}#${member}`, path: [ownerName(receiver)], instance: member, expected, where });
          } else if (ts.isClassDeclaration(declaration.parent) && declaration.parent.name) {
            // A member inherited from an engine class by the game's own component (this.getComponent).
            const owner = ownerName(checker.getSymbolAtLocation(declaration.parent.name)!);
            record({ name: `${owner}#${member}`, path: [owner], instance: member, expected, where });
          } else {
            const path = [...containerPath(declaration), member];
            record({ name: path.join('.'), path, expected, where });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...uses.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The divergences of a double (modules merged in order, later ones win) from the uses. */
export function compareWithDouble(uses: EngineUse[], doubleModules: string[], tsconfig = join(ROOT, 'tsconfig.tests.json')): string[] {
  // The double never needs the engine's declarations; leaving them out halves the time.
  const program = ts.createProgram(doubleModules, { ...loadOptions(tsconfig), types: ['node'] });
  const checker = program.getTypeChecker();
  const exports = new Map<string, ts.Symbol>();
  for (const file of doubleModules) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    for (const symbol of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) exports.set(symbol.getName(), symbol);
  }
  const anchor = program.getSourceFile(doubleModules[0]!)!;
  const problems: string[] = [];
  for (const use of uses) {
    let symbol = exports.get(use.path[0]!);
    for (const step of use.path.slice(1)) {
      if (!symbol) break;
      const type = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(symbol, anchor));
      symbol = checker.getPropertyOfType(type, step);
    }
    if (symbol && use.instance) {
      const instanceType = checker.getDeclaredTypeOfSymbol(symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
      symbol = checker.getPropertyOfType(instanceType, use.instance);
    }
    if (!symbol) {
      problems.push(`${use.name} (used in ${use.where}) is missing from the double`);
      continue;
    }
    const actual = shapeOf(checker, symbol, anchor);
    const { expected } = use;
    if (expected.callable !== actual.callable) problems.push(`${use.name}: the engine's is ${expected.callable ? '' : 'not '}callable, the double's is ${actual.callable ? '' : 'not '}`);
    else if (expected.callable && actual.requiredArgs > expected.requiredArgs) problems.push(`${use.name}: the double requires ${actual.requiredArgs} arguments, the engine ${expected.requiredArgs}`);
    else if (!expected.callable && expected.kind !== actual.kind && !(expected.kind === 'object' && use.path.length === 1)) problems.push(`${use.name}: the engine's holds ${expected.kind}, the double's ${actual.kind}`);
    if (expected.constant !== undefined && expected.constant !== actual.constant) problems.push(`${use.name}: the engine's is ${JSON.stringify(expected.constant)}, the double's ${JSON.stringify(actual.constant)}`);
  }
  return problems;
}

/** The runtime sources whose engine uses the double must match: the SDK and the sample. */
export const RUNTIME_SOURCES = () => [...tsFilesUnder(join(ROOT, 'assets', 'common-billing')), ...tsFilesUnder(join(ROOT, 'assets', 'samples'))];
export const DOUBLE_MODULES = [join(ROOT, 'tests', 'doubles', 'cc', 'index.ts'), join(ROOT, 'tests', 'demo', 'support', 'cc-ui-double.ts')];
