import path from 'node:path';
import ts from 'typescript';

/** What a column's TypeScript type says, in the terms a database column can be compared in. */
export interface DeclaredColumn {
  /** `string`, `number`, `boolean`, `Date`, `array`, `bytes` or `json`. */
  kind: string;
  nullable: boolean;
}

const SCHEMA_FILE = path.join(import.meta.dirname, 'schema.ts');

function kindOf(checker: ts.TypeChecker, type: ts.Type): string {
  if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.StringLiteral)) return 'string';
  if (type.flags & ts.TypeFlags.NumberLike) return 'number';
  if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return 'json';
  if (checker.isArrayType(type)) return 'array';
  const name = type.getSymbol()?.getName();
  if (name === 'Date') return 'Date';
  if (name === 'Buffer' || name === 'Uint8Array') return 'bytes';
  return checker.typeToString(type);
}

/** The members of what a select returns for a column type (a ColumnType's, or `T | null`'s). */
function selectedParts(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  const parts = type.isUnion() ? type.types : [type];
  return parts.flatMap((part) => {
    const selected = part.getProperty('__select__');
    if (!selected?.valueDeclaration) return [part];
    const declaration = selected.valueDeclaration;
    return selectedParts(checker, checker.getTypeOfSymbolAtLocation(selected, declaration));
  });
}

/**
 * The tables and columns of `Database` (schema.ts) as the compiler reads them: a column's type
 * is what a select returns (a ColumnType's first argument), nullable when it holds null.
 */
export function declaredSchema(): Map<string, Map<string, DeclaredColumn>> {
  const program = ts.createProgram([SCHEMA_FILE], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SCHEMA_FILE)!;
  const database = source.statements.find(
    (node): node is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(node) && node.name.text === 'Database',
  )!;
  const tables = new Map<string, Map<string, DeclaredColumn>>();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(database))) {
    const columns = new Map<string, DeclaredColumn>();
    const tableType = checker.getTypeOfSymbolAtLocation(table, database);
    for (const column of checker.getPropertiesOfType(tableType)) {
      const parts = selectedParts(checker, checker.getTypeOfSymbolAtLocation(column, database));
      const present = parts.filter(
        (part) => !(part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)),
      );
      const kinds = [...new Set(present.map((part) => kindOf(checker, part)))];
      columns.set(column.getName(), {
        kind: kinds.length === 1 ? kinds[0]! : kinds.join(' | '),
        // `unknown` (a JSON column) holds null too.
        nullable:
          present.length < parts.length ||
          present.some((part) => (part.flags & ts.TypeFlags.Unknown) !== 0),
      });
    }
    tables.set(table.getName(), columns);
  }
  return tables;
}
