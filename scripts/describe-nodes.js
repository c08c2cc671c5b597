#!/usr/bin/env node
'use strict';
/**
 * What n8n reads from the built package, fingerprinted: for every node and credential listed in package.json's
 * "n8n" section, the sha256 of the JSON n8n shows users (a node's `description`, a credential's public fields).
 * A refactoring that must not change what users see (parameters, names, defaults, descriptions) keeps every
 * hash: run it on a build before the change and after it, and compare the two outputs.
 *
 *   npm run build && npm run describe:nodes                 one line per node and credential: kind, file, class, hash
 *   npm run build && npm run describe:nodes -- --json       the full JSON that is hashed
 *
 * It loads dist/ (run `npm run build` first), not the TypeScript sources.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** Functions (a credential's `authenticate` may be one) are fingerprinted by their source text. */
function replacer(_key, value) {
	return typeof value === 'function' ? `[function] ${String(value)}` : value;
}

/** A credential's public fields: every own field of an instance (name, displayName, properties, authenticate, …). */
function credentialFields(instance) {
	const fields = {};
	for (const key of Object.keys(instance)) fields[key] = instance[key];
	return fields;
}

/** Every class the built file exports, instantiated, with what n8n reads from it. */
function describeFile(kind, file) {
	const absolute = path.join(ROOT, file);
	if (!fs.existsSync(absolute)) throw new Error(`${file} does not exist: run npm run build first`);
	const exported = require(absolute);
	const entries = [];
	for (const [className, value] of Object.entries(exported)) {
		if (typeof value !== 'function') continue;
		const instance = new value();
		const shown = kind === 'node' ? instance.description : credentialFields(instance);
		const json = JSON.stringify(shown, replacer);
		entries.push({
			kind,
			file,
			className,
			sha256: crypto.createHash('sha256').update(json).digest('hex'),
			json: JSON.parse(json),
		});
	}
	if (entries.length === 0) throw new Error(`${file} exports no class`);
	return entries;
}

function describePackage() {
	const { n8n } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return [
		...(n8n.nodes ?? []).flatMap((file) => describeFile('node', file)),
		...(n8n.credentials ?? []).flatMap((file) => describeFile('credential', file)),
	];
}

if (require.main === module) {
	const entries = describePackage();
	if (process.argv.includes('--json')) {
		const dump = entries.map(({ kind, file, className, sha256, json }) => ({
			kind,
			file,
			className,
			sha256,
			json,
		}));
		console.log(JSON.stringify(dump, null, 2));
	} else {
		for (const e of entries) console.log(`${e.kind} ${e.file} ${e.className} sha256:${e.sha256}`);
	}
}

module.exports = { describePackage, describeFile };
