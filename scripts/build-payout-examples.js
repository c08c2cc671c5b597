#!/usr/bin/env node
'use strict';
/**
 * Writes the payout-run example, examples/payout-run-with-approval.json, and the sheet to try it with,
 * examples/payout-sheet-sample.csv, from tools/payout-examples/ (what the workflow is made of is explained there).
 *
 *   node scripts/build-payout-examples.js          (re)write the files
 *   node scripts/build-payout-examples.js --check  exit 1 if the files differ from what this script writes
 */
const fs = require('node:fs');
const path = require('node:path');
const { exampleFiles } = require('../tools/payout-examples');

const ROOT = path.resolve(__dirname, '..');

function main() {
	let stale = 0;
	for (const [file, text] of Object.entries(exampleFiles())) {
		const target = path.join(ROOT, 'examples', file);
		if (process.argv.includes('--check')) {
			if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
				process.stderr.write(`examples/${file} differs from scripts/build-payout-examples.js\n`);
				stale++;
			}
		} else {
			fs.writeFileSync(target, text);
			process.stderr.write(`wrote examples/${file}\n`);
		}
	}
	process.exit(stale ? 1 : 0);
}

main();
