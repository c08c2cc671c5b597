#!/usr/bin/env node
'use strict';
/**
 * Checks anyone can run on the repository's shape (npm run check:structure):
 *
 *   1. import cycles among the TypeScript files of nodes/ and credentials/, runtime and type-only imports alike
 *      (`import type`, `export … from`, `import('…')` types count: a cycle of types still ties files together);
 *   2. upward imports: a file importing from a layer above its own (LAYERS below);
 *   3. file sizes: at most 300 lines in nodes/ and credentials/, at most 450 anywhere else, generated files and
 *      fixtures excepted (NOT_LIMITED below);
 *   4. a test file for every operation file: nodes/<node>/actions/<resource>/<op>.operation.ts is tested by
 *      test/nodes/<node>/actions/<resource>/<op>.test.ts, which must hold a test or a describe block;
 *   5. imports between the folders around the package (FOLDER_IMPORTS below): nothing imports the commands in
 *      scripts/, the benchmarks or the e2e tests; what they share lives in tools/.
 *
 * Exits 1 on a cycle, an upward import, a file in no layer, an oversized file, an operation without a test or an
 * import between folders that FOLDER_IMPORTS does not allow.
 *
 *   node scripts/check-structure.js                  report; exit 1 on any of the above
 *   node scripts/check-structure.js --strict-layers  the same (upward imports used to be only warnings without it)
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');

/**
 * The layers of the node code, lowest first. A file may import from its own layer and the layers below it;
 * importing from a layer above is an upward import, and fails the check. Validation imports nothing of the
 * node's; the domain (what a pay-in and a payout are: their id fields, names, paths and statuses) imports
 * nothing either; descriptions (parameter definitions) use validation; transport (OMNO's API: token, retries,
 * concurrency, paths) uses both; helpers are small leaves over transport (fetch an existing transaction, mask
 * a request, card fields); the operation contract (actions/operation.ts) and the engine that runs operations
 * over many items use helpers; kits (what several operations share: the create, Direct Link, confirm/reject,
 * the payout run's classification) use the engine and the contract; operation files use kits; the registry
 * lists the operations and the router dispatches to them; the node files (and credentials, which n8n loads the
 * same way) sit on top. The trigger node's own files use the Omno node's lower layers and are used only by the
 * trigger node.
 * Each entry: [layer name, test on the path relative to the repository root]; the first match wins.
 */
const LAYERS = [
	['validation', (f) => f.startsWith('nodes/Omno/validation/')],
	['domain', (f) => f.startsWith('nodes/Omno/domain/')],
	['descriptions', (f) => f.startsWith('nodes/Omno/descriptions/')],
	['transport', (f) => f.startsWith('nodes/Omno/transport/')],
	['helpers', (f) => f.startsWith('nodes/Omno/helpers/')],
	['engine', (f) => f === 'nodes/Omno/actions/operation.ts' || f.startsWith('nodes/Omno/actions/engine/')],
	// Operation kits: what several operations share (the create, Direct Link, confirm/reject, the payout run).
	['kits', (f) => f.startsWith('nodes/Omno/actions/kits/')],
	['operations', (f) => /^nodes\/Omno\/actions\/[^/]+\/[^/]+\.operation\.ts$/.test(f)],
	['registry', (f) => /^nodes\/Omno\/actions\/(registry|router|node\.type)\.ts$/.test(f)],
	['trigger', (f) => f.startsWith('nodes/OmnoTrigger/') && !f.endsWith('.node.ts')],
	['node', (f) => /^nodes\/[^/]+\/[^/]+\.node\.ts$/.test(f) || f.startsWith('credentials/')],
];

/**
 * The folders around the package and the other ones each may import code from. scripts/ (the commands), bench/
 * and e2e/ build on tools/ (the local-n8n driver, queue mode, the payout-run example) and the sandbox; tools/ uses
 * only the sandbox; nothing imports from scripts/, bench/ or e2e/, so a command, a benchmark and a test can change
 * without breaking one another. Data files (.json) are not code: scripts/n8n-versions.json, the one list of the
 * n8n versions tested, is read from every folder.
 */
const FOLDER_IMPORTS = {
	scripts: ['tools', 'sandbox'],
	bench: ['tools', 'sandbox'],
	e2e: ['tools', 'sandbox'],
	tools: ['sandbox'],
	sandbox: [],
};

const NODE_CODE_LIMIT = 300;
const OTHER_LIMIT = 450;
/** Generated files and fixtures: kept as generated or exported, so their length is not a design choice. */
const NOT_LIMITED = [
	/^package-lock\.json$/,
	/^examples\/.*\.json$/, // written by scripts/build-payout-examples.js or exported from n8n
	/^docs\/screenshots\//,
	/^bench\/results\//,
	/(^|\/)(fixtures|__fixtures__)\//,
	/\.snap$/,
];
const BINARY = /\.(png|jpe?g|gif|ico|webp|woff2?|ttf|tgz|gz|zip|pdf)$/i;

function layerOf(file) {
	const index = LAYERS.findIndex(([, test]) => test(file));
	return index === -1 ? undefined : { name: LAYERS[index][0], rank: index };
}

/** The repository's files: tracked and new (not ignored) ones, from git; without git, a walk of the tree. */
function repoFiles(root = ROOT) {
	try {
		const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		});
		return [...new Set(out.split('\0').filter(Boolean))].filter((f) => {
			// Regular files only: a deleted file git still lists, or a symlink (node_modules in a worktree), is skipped.
			const stat = fs.lstatSync(path.join(root, f), { throwIfNoEntry: false });
			return !!stat && stat.isFile();
		});
	} catch {
		const skip = new Set(['.git', 'node_modules', 'dist', 'coverage', '.e2e']);
		const files = [];
		const walk = (dir) => {
			for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
				const file = dir ? `${dir}/${entry.name}` : entry.name;
				if (entry.isDirectory()) {
					if (!skip.has(entry.name)) walk(file);
				} else if (entry.isFile()) files.push(file);
			}
		};
		walk('');
		return files;
	}
}

/**
 * The relative imports of one TypeScript file: { specifier, typeOnly }. Type-only: `import type`, `export type`,
 * an import whose every named binding is `type`, and `import('…')` in a type position.
 */
function importsOf(source, fileName = 'file.ts') {
	const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const found = [];
	const add = (node, typeOnly) => {
		if (node && ts.isStringLiteralLike(node)) found.push({ specifier: node.text, typeOnly });
	};
	const visit = (node) => {
		if (ts.isImportDeclaration(node)) {
			const clause = node.importClause;
			const named = clause?.namedBindings;
			const allTypeNames =
				!!named &&
				ts.isNamedImports(named) &&
				named.elements.length > 0 &&
				named.elements.every((e) => e.isTypeOnly) &&
				!clause.name;
			// A bare `import './x'` runs the file: a runtime import.
			add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || allTypeNames));
		} else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
			const named = node.exportClause;
			const allTypeNames =
				!!named &&
				ts.isNamedExports(named) &&
				named.elements.length > 0 &&
				named.elements.every((e) => e.isTypeOnly);
			add(node.moduleSpecifier, node.isTypeOnly || allTypeNames);
		} else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
			add(node.moduleReference.expression, node.isTypeOnly);
		} else if (ts.isImportTypeNode(node)) {
			const literal = node.argument;
			if (ts.isLiteralTypeNode(literal)) add(literal.literal, true);
		} else if (
			ts.isCallExpression(node) &&
			(node.expression.kind === ts.SyntaxKind.ImportKeyword ||
				(ts.isIdentifier(node.expression) && node.expression.text === 'require'))
		) {
			add(node.arguments[0], false);
		}
		ts.forEachChild(node, visit);
	};
	visit(sf);
	return found;
}

/** The file a relative specifier names, as TypeScript resolves it, or undefined (package or missing file). */
function resolveImport(fromFile, specifier, known) {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
	const candidates = [base, `${base}.ts`, `${base}.d.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')];
	return candidates.find((c) => known.has(c));
}

/** The import graph: Map<file, Array<{ to, typeOnly }>>, one edge per imported file (runtime wins over type). */
function importGraph(files, read) {
	const known = new Set(files);
	const graph = new Map();
	for (const file of files) {
		const edges = new Map();
		for (const { specifier, typeOnly } of importsOf(read(file), file)) {
			const to = resolveImport(file, specifier, known);
			if (!to) continue;
			edges.set(to, edges.has(to) ? edges.get(to) && typeOnly : typeOnly);
		}
		graph.set(
			file,
			[...edges].map(([to, typeOnly]) => ({ to, typeOnly })),
		);
	}
	return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cyclicComponents(graph) {
	let counter = 0;
	const index = new Map();
	const low = new Map();
	const stack = [];
	const onStack = new Set();
	const components = [];
	const connect = (v) => {
		index.set(v, counter);
		low.set(v, counter++);
		stack.push(v);
		onStack.add(v);
		for (const { to } of graph.get(v) ?? []) {
			if (!index.has(to)) {
				connect(to);
				low.set(v, Math.min(low.get(v), low.get(to)));
			} else if (onStack.has(to)) low.set(v, Math.min(low.get(v), index.get(to)));
		}
		if (low.get(v) === index.get(v)) {
			const component = [];
			let w;
			do {
				w = stack.pop();
				onStack.delete(w);
				component.push(w);
			} while (w !== v);
			const selfImport = (graph.get(v) ?? []).some((e) => e.to === v);
			if (component.length > 1 || selfImport) components.push(component.sort());
		}
	};
	for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
	return components;
}

/**
 * Every elementary cycle inside one component (at most `limit`), each as the list of its edges, starting at its
 * alphabetically first file so each cycle is listed once.
 */
function cyclesIn(component, graph, limit = 50) {
	const members = new Set(component);
	const cycles = [];
	for (const start of component) {
		const path_ = [];
		const visiting = new Set();
		const dfs = (v) => {
			if (cycles.length >= limit) return;
			for (const edge of graph.get(v) ?? []) {
				if (!members.has(edge.to) || edge.to < start) continue;
				if (edge.to === start) cycles.push([...path_, { from: v, ...edge }]);
				else if (!visiting.has(edge.to)) {
					visiting.add(edge.to);
					path_.push({ from: v, ...edge });
					dfs(edge.to);
					path_.pop();
					visiting.delete(edge.to);
				}
			}
		};
		visiting.add(start);
		dfs(start);
	}
	return cycles;
}

/** Imports from a layer above the importing file's; files in no layer are listed apart. */
function upwardImports(graph) {
	const upward = [];
	const unlayered = new Set();
	for (const [from, edges] of graph) {
		const fromLayer = layerOf(from);
		if (!fromLayer) unlayered.add(from);
		for (const { to, typeOnly } of edges) {
			const toLayer = layerOf(to);
			if (!toLayer) unlayered.add(to);
			if (fromLayer && toLayer && toLayer.rank > fromLayer.rank)
				upward.push({ from, fromLayer: fromLayer.name, to, toLayer: toLayer.name, typeOnly });
		}
	}
	return { upward, unlayered: [...unlayered].sort() };
}

function lineCount(text) {
	if (!text) return 0;
	return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Imports between the folders of FOLDER_IMPORTS that it does not allow: { from, to }. */
function folderImports(files, read) {
	const topOf = (f) => f.split('/')[0];
	const found = [];
	for (const from of files) {
		const own = topOf(from);
		if (!FOLDER_IMPORTS[own] || !/\.(c?js|mjs|ts)$/.test(from)) continue;
		for (const { specifier } of importsOf(read(from), from)) {
			if (!specifier.startsWith('.') || specifier.endsWith('.json')) continue;
			const to = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
			const target = topOf(to);
			if (target !== own && FOLDER_IMPORTS[target] && !FOLDER_IMPORTS[own].includes(target))
				found.push({ from, to });
		}
	}
	return found;
}

/** Files over their limit: { file, lines, limit }. */
function oversized(files, read) {
	const over = [];
	for (const file of files) {
		if (BINARY.test(file) || NOT_LIMITED.some((re) => re.test(file))) continue;
		const text = read(file);
		if (text.includes('\0')) continue;
		const limit = /^(nodes|credentials)\//.test(file) ? NODE_CODE_LIMIT : OTHER_LIMIT;
		const lines = lineCount(text);
		if (lines > limit) over.push({ file, lines, limit });
	}
	return over.sort((a, b) => b.lines - a.lines);
}

/** Operation files and the test file each needs: { operation, test, problem? }. */
function operationTests(files, read) {
	const present = new Set(files);
	return files
		.filter((f) => /^nodes\/[^/]+\/actions\/[^/]+\/[^/]+\.operation\.ts$/.test(f))
		.sort()
		.map((operation) => {
			const test = `test/${operation.replace(/\.operation\.ts$/, '.test.ts')}`;
			if (!present.has(test)) return { operation, test, problem: 'no test file' };
			// A test, or a describe block (whose tests may come from a shared helper such as decisionCases).
			if (!/\b(it|test|describe)(\.each\([^]*?\))?\(\s*['"`]/.test(read(test)))
				return { operation, test, problem: 'test file holds no test' };
			return { operation, test };
		});
}

function check(root = ROOT) {
	const files = repoFiles(root);
	const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
	const code = files.filter((f) => /^(nodes|credentials)\/.*\.ts$/.test(f));
	const graph = importGraph(code, read);
	const components = cyclicComponents(graph);
	return {
		files: code.length,
		imports: [...graph.values()].reduce((n, edges) => n + edges.length, 0),
		typeOnlyImports: [...graph.values()].reduce((n, edges) => n + edges.filter((e) => e.typeOnly).length, 0),
		cycles: components.map((component) => ({ component, cycles: cyclesIn(component, graph) })),
		...upwardImports(graph),
		oversized: oversized(files, read),
		operations: operationTests(files, read),
		folderImports: folderImports(files, read),
	};
}

function report(result, { strictLayers = true } = {}) {
	const lines = [];
	const say = (s) => lines.push(s);
	const arrow = (e) => `${e.from} → ${e.to}${e.typeOnly ? ' (type only)' : ''}`;

	say(
		`import graph of nodes/ and credentials/: ${result.files} files, ${result.imports} imports of project files (${result.typeOnlyImports} type-only)`,
	);
	const cycleCount = result.cycles.reduce((n, c) => n + c.cycles.length, 0);
	say(
		`${result.cycles.length ? '✗' : '✓'} import cycles: ${cycleCount} cycle(s) in ${result.cycles.length} group(s) of files`,
	);
	for (const [i, { component, cycles }] of result.cycles.entries()) {
		say(`  group ${i + 1}: ${component.length} files: ${component.join(', ')}`);
		for (const cycle of cycles) {
			const typeEdges = cycle.filter((e) => e.typeOnly).length;
			const kind = !typeEdges ? 'runtime' : typeEdges === cycle.length ? 'type-only' : 'mixed';
			say(`    ${kind} cycle: ${[...cycle.map((e) => e.from), cycle[0].from].join(' → ')}`);
			for (const e of cycle.filter((e) => e.typeOnly)) say(`      type-only edge: ${arrow(e)}`);
		}
	}

	const up = result.upward;
	const layerNames = LAYERS.map(([name]) => name).join(' < ');
	say(
		`${up.length ? (strictLayers ? '✗' : '⚠') : '✓'} upward imports (layers, lowest first: ${layerNames}): ${up.length}${up.length && !strictLayers ? ' (warning only)' : ''}`,
	);
	for (const e of up)
		say(`  ${e.from} (${e.fromLayer}) → ${e.to} (${e.toLayer})${e.typeOnly ? ' (type only)' : ''}`);
	if (result.unlayered.length) {
		say(
			`⚠ files in no layer (add them to LAYERS in scripts/check-structure.js): ${result.unlayered.length}`,
		);
		for (const f of result.unlayered) say(`  ${f}`);
	}

	say(
		`${result.oversized.length ? '✗' : '✓'} file sizes (nodes/, credentials/ ≤ ${NODE_CODE_LIMIT} lines; elsewhere ≤ ${OTHER_LIMIT}, generated files and fixtures excepted): ${result.oversized.length} over`,
	);
	for (const o of result.oversized) say(`  ${o.file}: ${o.lines} lines (limit ${o.limit})`);

	const missing = result.operations.filter((o) => o.problem);
	say(
		`${missing.length ? '✗' : '✓'} a test file for every operation file: ${result.operations.length - missing.length}/${result.operations.length}`,
	);
	for (const o of missing) say(`  ${o.operation}: ${o.problem} (${o.test})`);

	const across = result.folderImports;
	const allowed = Object.entries(FOLDER_IMPORTS)
		.map(([folder, may]) => `${folder}/ → ${may.length ? may.map((m) => `${m}/`).join(', ') : 'none'}`)
		.join('; ');
	say(`${across.length ? '✗' : '✓'} imports between folders (${allowed}): ${across.length} not allowed`);
	for (const e of across) say(`  ${e.from} → ${e.to}`);

	const failed =
		result.cycles.length > 0 ||
		result.oversized.length > 0 ||
		missing.length > 0 ||
		across.length > 0 ||
		(strictLayers && (up.length > 0 || result.unlayered.length > 0));
	return { text: lines.join('\n'), failed };
}

if (require.main === module) {
	const { text, failed } = report(check());
	console.log(text);
	process.exitCode = failed ? 1 : 0;
}

module.exports = {
	check,
	report,
	importsOf,
	importGraph,
	cyclicComponents,
	cyclesIn,
	upwardImports,
	layerOf,
	oversized,
	operationTests,
	folderImports,
	lineCount,
};
