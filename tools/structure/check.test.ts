import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { checkStructure, formatReport } from './check';

/** A throwaway project with a tsconfig and the given files. */
function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'structure-'));
  const all = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, jsx: 'react' }, include: ['src'] }),
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const functionOf = (name: string, lines: number) =>
  `export function ${name}(): number {\n  let n = 0;\n${'  n++;\n'.repeat(lines - 4)}  return n;\n}\n`;

describe('import cycles', () => {
  it('finds a cycle made only of type-only imports, and shows the loop', () => {
    const root = project({
      'src/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
      'src/b.ts': "import type { A } from './a';\nexport interface B { a?: A }\n",
      'src/c.ts': "import type { A } from './a';\nexport const c: A = {};\n",
    });
    const report = checkStructure(root);
    expect(report.cycles).toEqual([
      {
        modules: ['src/a.ts', 'src/b.ts'],
        loop: [
          { from: 'src/a.ts', to: 'src/b.ts', typeOnly: true },
          { from: 'src/b.ts', to: 'src/a.ts', typeOnly: true },
        ],
      },
    ]);
    expect(formatReport(report)).toEqual([
      'import cycle among 2 modules: src/a.ts, src/b.ts',
      '  src/a.ts imports src/b.ts (type-only)',
      '  src/b.ts imports src/a.ts (type-only)',
    ]);
  });

  it('follows every way a module names another: re-exports, `type` bindings, import() types, dynamic import, require', () => {
    const root = project({
      'src/a.ts': "export * from './b';\n",
      'src/b.ts': "import { type C } from './c';\nexport type B = C;\n",
      'src/c.ts': "export type C = import('./d').D;\n",
      'src/d.ts': "export type D = number;\nexport const load = () => import('./e');\n",
      'src/e.ts': "// eslint-disable-next-line\nconst a = require('./a');\nexport default a;\n",
    });
    const [cycle] = checkStructure(root).cycles;
    expect(cycle.modules).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'src/e.ts']);
    expect(cycle.loop.map((e) => `${e.from}>${e.to}:${e.typeOnly}`)).toEqual([
      'src/a.ts>src/b.ts:false',
      'src/b.ts>src/c.ts:true',
      'src/c.ts>src/d.ts:true',
      'src/d.ts>src/e.ts:false',
      'src/e.ts>src/a.ts:false',
    ]);
  });

  it('reports nothing for a graph without a cycle, and ignores packages', () => {
    const root = project({
      'src/a.ts': "import * as path from 'node:path';\nimport { b } from './b';\nexport const a = path.sep + b;\n",
      'src/b.ts': "import type { C } from './c';\nexport const b: C = 'b';\n",
      'src/c.ts': 'export type C = string;\n',
    });
    expect(checkStructure(root).cycles).toEqual([]);
  });
});

describe('sizes', () => {
  it('reports a function of 61 lines with its file, name, line and length, and not one of 60', () => {
    const root = project({
      'src/long.ts': functionOf('justRight', 60) + functionOf('tooLong', 61),
      'src/Panel.tsx':
        "import * as React from 'react';\nexport const Panel = () => {\n" +
        '  void 0;\n'.repeat(59) +
        '  return <div />;\n};\n',
    });
    const report = checkStructure(root);
    expect(formatReport(report)).toEqual([
      'function over 60 lines: src/long.ts:61 tooLong has 61 lines',
      'function over 60 lines: src/Panel.tsx:2 Panel has 62 lines',
    ]);
  });

  it('names methods by class and callbacks by what they are passed to', () => {
    const body = '    void 0;\n'.repeat(60);
    const root = project({
      'src/k.ts': `export class K {\n  run(): void {\n${body}  }\n}\nexport const xs = [1].map((x) => {\n${body}  return x;\n});\n`,
    });
    expect(checkStructure(root).sizes.map((v) => v.name)).toEqual(['K.run', '(callback of [1].map)']);
  });

  it('holds every file to 400 lines, test files too, but not the functions in test files', () => {
    const root = project({
      'src/big.ts': 'export const x = 1;\n'.repeat(401),
      'src/fits.ts': 'export const y = 1;\n'.repeat(400),
      'src/big.test.ts': "describe('many cases', () => {\n" + "  it('holds', () => undefined);\n".repeat(399) + '});\n',
    });
    expect(formatReport(checkStructure(root))).toEqual([
      'file over 400 lines: src/big.test.ts has 401 lines',
      'file over 400 lines: src/big.ts has 401 lines',
    ]);
  });

  it('measures Go files through pkg/cmd/codesize with the same limits, and skips generated ones', () => {
    const goFunction = (name: string, lines: number) => `func ${name}() {\n${'\tprintln()\n'.repeat(lines - 2)}}\n\n`;
    const root = project({
      'src/empty.ts': 'export {};\n',
      'go/p/p.go': 'package p\n\n' + goFunction('Fits', 60) + goFunction('TooLong', 61),
      'go/p/p_test.go': 'package p\n\n' + goFunction('TestLong', 70),
      'go/p/gen.go': '// Code generated by hand-waving. DO NOT EDIT.\n\npackage p\n\n' + goFunction('Generated', 500),
    });
    expect(formatReport(checkStructure(root, { goRoots: ['go'] }))).toEqual([
      'function over 60 lines: go/p/p.go:64 TooLong has 61 lines',
    ]);
  }, 120_000);
});
