import * as path from 'node:path';

import { checkStructure, formatReport } from './check';

// The project's structure rule, run by scripts/test-all.sh: no import cycle among TypeScript modules
// (type-only imports included), no file over 400 lines, no function over 60 outside test files.
// Held to it: every TypeScript file tsconfig.json includes and every Go file in the repository.
const root = path.resolve(__dirname, '../..');
const report = checkStructure(root, { goRoots: ['.'] });
for (const line of formatReport(report)) {
  console.log(line);
}
const long = report.sizes.filter((v) => v.name === undefined).length;
console.log(
  `structure: ${report.cycles.length} import cycles, ${long} files over 400 lines, ${report.sizes.length - long} functions over 60 lines`
);
process.exitCode = report.cycles.length + report.sizes.length > 0 ? 1 : 0;
