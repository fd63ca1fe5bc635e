import { resolve } from 'node:path';
import ts from 'typescript';

/*
 * The Socket.IO event maps, written out as plain types for the client package. The protocol is
 * declared once — the platform's events and client events, and the help desk's, with zod schemas —
 * and written as maps in helpdesk/src/protocol.ts; the published client cannot depend on those
 * private packages (nor on zod for types), so this expands what the maps resolve to into
 * self-contained TypeScript. Committed like api.ts: helpdesk/tests/client/generated.test.ts fails
 * while the file differs from what this produces, and checks at compile time that both sides are
 * the same types.
 */

/** Where the generated types live. */
export const REALTIME_TYPES_PATH = new URL('../src/generated/realtime.ts', import.meta.url)
  .pathname;

const SOURCE = resolve(import.meta.dir, '../../helpdesk/src/protocol.ts');

/** The exported types of the source, in the order they are written out. */
const EXPORTS = ['ClientEventError', 'ClientToServerEvents', 'ServerToClientEvents'] as const;

const HEADER = `/*
 * Generated from helpdesk/src/protocol.ts by client/scripts/realtime-types.ts.
 * Do not edit: run \`bun client/scripts/generate.ts\` instead.
 */
`;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const propertyName = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/** Expands types into literal TypeScript: objects, unions, arrays and functions all the way down. */
function createPrinter(program: ts.Program) {
  const checker = program.getTypeChecker();
  const expanding: ts.Type[] = [];

  const isLibType = (type: ts.Type) =>
    type.symbol?.declarations?.some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile())) ??
    false;

  const isFunction = (type: ts.Type) =>
    type.getCallSignatures().length > 0 && type.getProperties().length === 0;

  const withoutUndefined = (type: ts.Type) =>
    type.isUnion()
      ? type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined))
      : [type].filter((t) => !(t.flags & ts.TypeFlags.Undefined));

  function docs(symbol: ts.Symbol, indent: string): string {
    const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    if (!text) return '';
    const lines = text.split('\n');
    if (lines.length === 1) return `${indent}/** ${text} */\n`;
    return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
  }

  const isReadonly = (symbol: ts.Symbol) =>
    symbol.declarations?.some(
      (d) => (ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Readonly) !== 0,
    ) ?? false;

  function union(types: readonly ts.Type[], indent: string): string {
    const hasTrue = types.some((t) => t.flags & ts.TypeFlags.BooleanLiteral && print(t) === 'true');
    const hasFalse = types.some(
      (t) => t.flags & ts.TypeFlags.BooleanLiteral && print(t) === 'false',
    );
    const parts: string[] = [];
    for (const t of types) {
      const isBoolean = t.flags & ts.TypeFlags.BooleanLiteral && hasTrue && hasFalse;
      const text = isBoolean
        ? 'boolean'
        : isFunction(t)
          ? `(${print(t, indent)})`
          : print(t, indent);
      if (!parts.includes(text)) parts.push(text);
    }
    // Written the way TypeScript shows them: null and undefined last.
    const last = (text: string) => (text === 'null' || text === 'undefined' ? 1 : 0);
    return parts.sort((a, b) => last(a) - last(b)).join(' | ');
  }

  function signature(sig: ts.Signature, indent: string): string {
    const params = sig.getParameters().map((param) => {
      const declaration = param.valueDeclaration;
      if (!declaration || !ts.isParameter(declaration) || declaration.dotDotDotToken)
        throw new Error(`unsupported parameter ${param.name}`);
      const optional = checker.isOptionalParameter(declaration);
      const type = checker.getTypeOfSymbol(param);
      const text = optional ? union(withoutUndefined(type), indent) : print(type, indent);
      return `${param.name}${optional ? '?' : ''}: ${text}`;
    });
    return `(${params.join(', ')}) => ${print(checker.getReturnTypeOfSignature(sig), indent)}`;
  }

  function object(type: ts.Type, indent: string): string {
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      if (!element) throw new Error('an array without an element type');
      const text = print(element, indent);
      const wrapped = element.isUnion() || isFunction(element) ? `(${text})` : text;
      return `${type.symbol?.name === 'ReadonlyArray' ? 'readonly ' : ''}${wrapped}[]`;
    }
    if (checker.isTupleType(type)) {
      const elements = checker.getTypeArguments(type as ts.TypeReference);
      const readonly = ((type as ts.TypeReference).target as ts.TupleType).readonly;
      return `${readonly ? 'readonly ' : ''}[${elements.map((e) => print(e, indent)).join(', ')}]`;
    }
    if (isLibType(type)) return checker.typeToString(type);
    const calls = type.getCallSignatures();
    const properties = type.getProperties();
    const indexes = checker.getIndexInfosOfType(type);
    if (calls.length === 1 && properties.length === 0 && indexes.length === 0 && calls[0])
      return signature(calls[0], indent);
    if (calls.length > 0 || type.getConstructSignatures().length > 0)
      throw new Error(`cannot write out ${checker.typeToString(type)}`);
    if (expanding.includes(type))
      throw new Error(`${checker.typeToString(type)} is recursive: it cannot be written out`);
    expanding.push(type);
    const inner = `${indent}  `;
    const lines = indexes.map(
      (info) =>
        `${inner}${info.isReadonly ? 'readonly ' : ''}[key: ${print(info.keyType, inner)}]: ${print(info.type, inner)};\n`,
    );
    for (const property of properties) {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const propertyType = checker.getTypeOfSymbol(property);
      const text = optional
        ? union(withoutUndefined(propertyType), inner)
        : print(propertyType, inner);
      lines.push(
        `${docs(property, inner)}${inner}${isReadonly(property) ? 'readonly ' : ''}${propertyName(property.name)}${optional ? '?' : ''}: ${text};\n`,
      );
    }
    expanding.pop();
    return lines.length === 0 ? '{}' : `{\n${lines.join('')}${indent}}`;
  }

  function print(type: ts.Type, indent = ''): string {
    const flags = type.flags;
    if (type.isStringLiteral()) return JSON.stringify(type.value);
    if (type.isNumberLiteral()) return String(type.value);
    if (
      flags &
      (ts.TypeFlags.Any |
        ts.TypeFlags.Unknown |
        ts.TypeFlags.Never |
        ts.TypeFlags.String |
        ts.TypeFlags.Number |
        ts.TypeFlags.Boolean |
        ts.TypeFlags.BooleanLiteral |
        ts.TypeFlags.BigInt |
        ts.TypeFlags.Null |
        ts.TypeFlags.Undefined |
        ts.TypeFlags.Void |
        ts.TypeFlags.TemplateLiteral)
    )
      return checker.typeToString(type);
    if (type.isUnion()) return union(type.types, indent);
    if (type.isIntersection() && !type.types.every((t) => t.flags & ts.TypeFlags.Object))
      return type.types.map((t) => print(t, indent)).join(' & ');
    // An intersection of object types is one object: its properties are those of all of them.
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return object(type, indent);
    throw new Error(`cannot write out ${checker.typeToString(type)}`);
  }

  return { checker, print, docs };
}

/** The generated module (deterministic: the same source gives the same text). */
export function generateRealtimeTypes(): string {
  // The options that decide what the types are: strict null checks, bundler resolution of the
  // workspace; no ambient types (the maps must not depend on Bun's or Node's).
  const program = ts.createProgram([SOURCE], {
    strict: true,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    skipLibCheck: true,
    noEmit: true,
  });
  const errors = ts.getPreEmitDiagnostics(program);
  if (errors.length > 0)
    throw new Error(ts.formatDiagnostics(errors, ts.createCompilerHost({})).slice(0, 2000));
  const source = program.getSourceFile(SOURCE);
  const { checker, print, docs } = createPrinter(program);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${SOURCE} is not a module`);
  const exported = checker.getExportsOfModule(moduleSymbol);
  const blocks = EXPORTS.map((name) => {
    const symbol = exported.find((s) => s.name === name);
    if (!symbol) throw new Error(`${SOURCE} does not export ${name}`);
    return `${docs(symbol, '')}export type ${name} = ${print(checker.getDeclaredTypeOfSymbol(symbol))};\n`;
  });
  return `${HEADER}\n${blocks.join('\n')}`;
}
