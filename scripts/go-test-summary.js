// Prints go test's failures and a one-line count from `go test -json` output.
// Each test and subtest counts once; package-level build failures count as a failure.
const fs = require('fs');

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let passed = 0;
let failed = 0;
const output = new Map();
const failedNames = [];
for (const line of lines) {
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    console.log(line);
    continue;
  }
  const key = `${event.Package} ${event.Test ?? ''}`;
  if (event.Action === 'output') {
    output.set(key, (output.get(key) ?? '') + event.Output);
  }
  if (event.Action === 'pass' && event.Test) {
    passed++;
  }
  if (event.Action === 'fail') {
    if (event.Test) {
      failed++;
      failedNames.push(key);
    } else if (!lines.some((l) => l.includes('"Action":"fail"') && l.includes(`"Package":"${event.Package}"`) && l.includes('"Test"'))) {
      failed++;
      failedNames.push(key);
    }
  }
  if (event.Action === 'pass' && !event.Test) {
    console.log(`ok   ${event.Package}`);
  }
}
for (const name of failedNames) {
  console.log(`FAIL ${name}\n${output.get(name) ?? ''}`);
}
console.log(`go: ${passed} passed, ${failed} failed`);
