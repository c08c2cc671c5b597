#!/usr/bin/env node
'use strict';
/**
 * `pretest` (runs before `npm test`): on a fresh clone node_modules/ is missing and jest with it, so install
 * the dev toolchain from the lockfile first (`npm ci`). An existing node_modules/ is left alone.
 */
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
if (!fs.existsSync(path.join(ROOT, 'node_modules', 'jest', 'package.json'))) {
	process.stderr.write(
		'[npm test] first run in this folder: installing the dev tools (npm ci, 1–4 minutes)\n',
	);
	execSync('npm ci --no-audit --no-fund', { cwd: ROOT, stdio: 'inherit' });
}
