// Node.js baseline for the sandbox benchmark: every submission gets a fresh vm context, its own
// (distinct) source text is compiled, and each test is a separate runInContext call with a timeout.
// Results are compared in the host (JSON text). Usage: node node-baseline.js <item.json> <count>
'use strict';
const vm = require('vm');
const fs = require('fs');
const item = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const count = Number(process.argv[3] || 1000);
const timeout = 500;

function grade(source) {
  const context = vm.createContext({});
  new vm.Script(source).runInContext(context, { timeout });
  let passed = 0;
  for (const t of item.tests) {
    const call = `${item.entry}(...${JSON.stringify(t.args)})`;
    const actual = vm.runInContext(call, context, { timeout });
    if (JSON.stringify(actual) === JSON.stringify(t.expected)) passed++;
  }
  return passed;
}

const start = process.hrtime.bigint();
let total = 0;
for (let i = 0; i < count; i++) {
  total += grade(`// submission ${i}\nvar unused_${i} = ${i};\n${item.solution}`);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
if (total !== count * item.tests.length) throw new Error(`baseline graded wrongly: ${total}`);
console.log(JSON.stringify({ submissions: count, seconds, perSecond: count / seconds }));
