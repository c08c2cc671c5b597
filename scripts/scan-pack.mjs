#!/usr/bin/env node
// What n8n's verification scanner (@n8n/scan-community-package) checks, run on the tarball `npm pack` makes
// here instead of one downloaded from the registry:
//   1. lint the packed tarball (its compiled **/*.js and package.json) and the source (package.json,
//      {nodes,credentials}/**/*.{js,ts,json}) with the scanner's ESLint config: @n8n/eslint-plugin-community-nodes
//      recommended + no-console + eslint-plugin-n8n-nodes-base's community/credentials/nodes rule sets with the
//      scanner's off-overrides, inline eslint-disable comments ignored (allowInlineConfig: false);
//   2. check what a reviewer looks at in the tarball: a codex file with categories and documentation links
//      beside every node, light and dark icons for every node and credential, README/LICENSE (MIT)/CHANGELOG,
//      package metadata (repository, author, homepage, keyword), no runtime dependencies.
// The scanner's provenance check (npm publish --provenance from GitHub Actions) cannot be run locally; the
// publish workflow (.github/workflows/publish.yml) is what satisfies it.
//
// Rule versions. The published scanner (@n8n/scan-community-package 0.32.0) pins
// @n8n/eslint-plugin-community-nodes 0.29.0 and eslint-plugin-n8n-nodes-base ^1.16.7; this script uses the
// current 0.32.0 and 2.0.0. 0.32.0's recommended rules are 0.29.0's plus no-unsafe-connection-type-cast, and
// 2.0.0's community, credentials and nodes rule sets name the same rules at the same levels as 1.16.7's: every
// rule the scanner applies is applied here, in the versions `npm run lint` uses, so the two never disagree.
//
//   node scripts/scan-pack.mjs            npm run build, npm pack, extract, scan
//   node scripts/scan-pack.mjs --keep     keep the temporary folder and print its path
//   node scripts/scan-pack.mjs --no-build pack dist/ as it is
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import glob from 'fast-glob';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');

// Same shape and overrides as the scanner's buildScanConfig() (n8n-io/n8n, packages/@n8n/scan-community-package).
function scanConfig() {
	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
		{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
		{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
	);
}

async function lint(label, cwd, patterns) {
	const eslint = new ESLint({
		cwd,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: scanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const warnings = results.reduce((n, r) => n + r.warningCount, 0);
	console.log(
		`${errors ? '✗' : '✓'} scanner lint, ${label}: ${files.length} files, ${errors} errors, ${warnings} warnings`,
	);
	if (errors)
		console.log(await (await eslint.loadFormatter('stylish')).format(results.filter((r) => r.errorCount)));
	return errors === 0;
}

function checkTarball(dir) {
	const problems = [];
	const exists = (rel) => fs.existsSync(path.join(dir, rel));
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

	for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md'])
		if (!exists(f)) problems.push(`${f} missing from the tarball`);
	if (exists('LICENSE') && !/MIT License/.test(fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8')))
		problems.push('LICENSE is not the MIT text');
	if (pkg.license !== 'MIT') problems.push(`package.json license is ${pkg.license}, expected MIT`);
	if (!/^n8n-nodes-|^@[^/]+\/n8n-nodes-/.test(pkg.name))
		problems.push(`package name ${pkg.name} does not start with n8n-nodes-`);
	if (!pkg.keywords?.includes('n8n-community-node-package'))
		problems.push('keyword n8n-community-node-package missing');
	if (!pkg.repository?.url) problems.push('package.json repository.url missing');
	if (!pkg.homepage) problems.push('package.json homepage missing');
	if (!(pkg.author?.name || typeof pkg.author === 'string')) problems.push('package.json author missing');
	if (Object.keys(pkg.dependencies ?? {}).length) problems.push('runtime dependencies present');
	if (JSON.stringify(pkg.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) {
		problems.push(
			`peerDependencies should be exactly {"n8n-workflow":"*"}: ${JSON.stringify(pkg.peerDependencies)}`,
		);
	}
	if (
		exists('CHANGELOG.md') &&
		!fs.readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8').includes(pkg.version)
	) {
		problems.push(`CHANGELOG.md has no entry for ${pkg.version}`);
	}

	const iconsOf = (js, what) => {
		// Compiled descriptions keep the icon literal: icon: { light: 'file:…', dark: 'file:…' }.
		const src = fs.readFileSync(path.join(dir, js), 'utf8');
		const light = /light:\s*'file:([^']+)'/.exec(src)?.[1];
		const dark = /dark:\s*'file:([^']+)'/.exec(src)?.[1];
		if (!light || !dark) problems.push(`${what} ${js}: no light and dark icon`);
		for (const icon of [light, dark].filter(Boolean)) {
			const target = path.join(path.dirname(path.join(dir, js)), icon);
			if (!fs.existsSync(target)) problems.push(`${what} ${js}: icon ${icon} is not in the tarball`);
		}
	};
	for (const cred of pkg.n8n?.credentials ?? []) {
		if (!exists(cred)) problems.push(`credential ${cred} missing`);
		else iconsOf(cred, 'credential');
	}
	for (const node of pkg.n8n?.nodes ?? []) {
		if (!exists(node)) {
			problems.push(`node ${node} missing`);
			continue;
		}
		iconsOf(node, 'node');
		const codexFile = node.replace(/\.js$/, '.json');
		if (!exists(codexFile)) {
			problems.push(`codex file ${codexFile} missing`);
			continue;
		}
		const codex = JSON.parse(fs.readFileSync(path.join(dir, codexFile), 'utf8'));
		const type = `${pkg.name}.${path
			.basename(node)
			.split('.')[0]
			.replace(/^./, (c) => c.toLowerCase())}`;
		if (codex.node !== type) problems.push(`${codexFile}: node is ${codex.node}, expected ${type}`);
		if (!codex.categories?.length) problems.push(`${codexFile}: no categories`);
		for (const kind of ['primaryDocumentation', 'credentialDocumentation']) {
			const urls = codex.resources?.[kind]?.map((r) => r.url) ?? [];
			if (!urls.length || !urls.every((u) => /^https:\/\//.test(u)))
				problems.push(`${codexFile}: no https ${kind} link`);
		}
	}
	return problems;
}

async function main() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'omno-scan-'));
	try {
		// Build first, then pack without scripts: prepack's output would end up in the JSON report.
		if (!process.argv.includes('--no-build'))
			execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
		const [report] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], {
				cwd: ROOT,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'inherit'],
			}),
		);
		const pkgDir = path.join(tmp, 'package');
		fs.mkdirSync(pkgDir);
		execFileSync('tar', ['-xzf', path.join(tmp, report.filename), '-C', pkgDir, '--strip-components=1']);
		console.log(
			`packed ${report.filename}: ${report.entryCount} files, ${(report.size / 1024).toFixed(1)} kB`,
		);

		let ok = await lint('packed tarball (**/*.js, package.json)', pkgDir, ['**/*.js', 'package.json']);
		ok =
			(await lint('source (package.json, nodes/, credentials/)', ROOT, [
				'package.json',
				'{nodes,credentials}/**/*.{js,ts,json}',
			])) && ok;
		const problems = checkTarball(pkgDir);
		console.log(
			`${problems.length ? '✗' : '✓'} tarball contents: codex files, icons, README/LICENSE/CHANGELOG, metadata`,
		);
		for (const p of problems) console.log(`  - ${p}`);
		if (keep) console.log(`kept ${tmp}`);
		if (!ok || problems.length) process.exitCode = 1;
	} finally {
		if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
