#!/usr/bin/env node
// Asserts what `npm pack` would publish: the built package and its docs, nothing else
// (no sources, tests, sandbox or scripts), and every file package.json's n8n section points at.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const [report] = JSON.parse(
	execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
);
const files = report.files.map((f) => f.path).sort();
const allowed = (file) =>
	file.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(file);

const problems = [];
for (const file of files) if (!allowed(file)) problems.push(`unexpected file in the package: ${file}`);
for (const file of files)
	if (/\.(test|spec)\.|\.ts$/.test(file) && !file.endsWith('.d.ts'))
		problems.push(`source or test file shipped: ${file}`);
for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
	if (!files.includes(entry)) problems.push(`n8n entry missing from the package: ${entry}`);
}
for (const icon of ['dist/icons/omno.svg', 'dist/icons/omno.dark.svg']) {
	if (!files.includes(icon)) problems.push(`icon missing: ${icon}`);
}
if (Object.keys(pkg.dependencies ?? {}).length) problems.push('package.json has runtime dependencies');

if (problems.length) {
	console.error(problems.join('\n'));
	process.exit(1);
}
console.log(
	`npm pack: ${files.length} files, all under dist/ or package docs; n8n entries and icons present.`,
);
