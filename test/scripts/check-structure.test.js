const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { check, report, importsOf } = require('../../scripts/check-structure');

/** A repository tree in a temp folder (not a git repository: the script walks it). */
function tree(files) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-structure-'));
	for (const [file, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
		fs.writeFileSync(path.join(root, file), text);
	}
	return root;
}

const lines = (n) => 'x\n'.repeat(n);
const roots = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
function run(files) {
	const root = tree(files);
	roots.push(root);
	return check(root);
}

describe('importsOf', () => {
	it('tells runtime from type-only imports, in every form', () => {
		const found = importsOf(`
			import { a } from './a';
			import type { B } from './b';
			import { type C, type D } from './c';
			import { type E, f } from './e';
			import './side-effect';
			export { g } from './g';
			export type { H } from './h';
			let x: import('./i').I;
			import { sleep } from 'n8n-workflow';
		`);

		expect(found).toEqual([
			{ specifier: './a', typeOnly: false },
			{ specifier: './b', typeOnly: true },
			{ specifier: './c', typeOnly: true },
			{ specifier: './e', typeOnly: false },
			{ specifier: './side-effect', typeOnly: false },
			{ specifier: './g', typeOnly: false },
			{ specifier: './h', typeOnly: true },
			{ specifier: './i', typeOnly: true },
			{ specifier: 'n8n-workflow', typeOnly: false },
		]);
	});
});

describe('check', () => {
	it('finds a cycle through a type-only import and an index file, and nothing in a clean tree', () => {
		const clean = run({
			'nodes/Omno/validation/index.ts': 'export const v = 1;\n',
			'nodes/Omno/transport/index.ts': "import { v } from '../validation';\nexport const t = v;\n",
		});
		expect(clean.cycles).toEqual([]);
		expect(clean.upward).toEqual([]);

		const cyclic = run({
			'nodes/Omno/transport/index.ts': "import { a } from './attempt';\nexport const i = a;\n",
			'nodes/Omno/transport/attempt.ts': "import type { I } from './index';\nexport const a = 1;\n",
		});
		expect(cyclic.cycles).toEqual([
			{
				component: ['nodes/Omno/transport/attempt.ts', 'nodes/Omno/transport/index.ts'],
				cycles: [
					[
						{ from: 'nodes/Omno/transport/attempt.ts', to: 'nodes/Omno/transport/index.ts', typeOnly: true },
						{ from: 'nodes/Omno/transport/index.ts', to: 'nodes/Omno/transport/attempt.ts', typeOnly: false },
					],
				],
			},
		]);
		const { text, failed } = report(cyclic);
		expect(failed).toBe(true);
		expect(text).toContain(
			'mixed cycle: nodes/Omno/transport/attempt.ts → nodes/Omno/transport/index.ts → nodes/Omno/transport/attempt.ts',
		);
	});

	it('lists an import from a higher layer as upward, which fails the check', () => {
		const result = run({
			'nodes/Omno/transport/errors.ts': "import { x } from '../helpers/existing';\nexport const e = x;\n",
			'nodes/Omno/helpers/existing.ts': 'export const x = 1;\n',
			'nodes/Omno/actions/engine/options.ts': "import { x } from '../../helpers/existing';\n",
		});

		expect(result.upward).toEqual([
			{
				from: 'nodes/Omno/transport/errors.ts',
				fromLayer: 'transport',
				to: 'nodes/Omno/helpers/existing.ts',
				toLayer: 'helpers',
				typeOnly: false,
			},
		]);
		expect(report(result).failed).toBe(true);
		expect(report(result).text).toContain(
			'✗ upward imports (layers, lowest first: validation < domain < descriptions < transport < helpers < engine < kits < operations < registry < trigger < node): 1',
		);
		expect(report(result, { strictLayers: false }).failed).toBe(false);
	});

	it('holds node code to 300 lines and the rest to 450, generated files and fixtures excepted', () => {
		const result = run({
			'nodes/Omno/transport/ok.ts': lines(300),
			'nodes/Omno/transport/big.ts': lines(301),
			'credentials/Big.credentials.ts': lines(301),
			'scripts/ok.js': lines(450),
			'scripts/big.js': lines(451),
			'package-lock.json': lines(5000),
			'examples/run.json': lines(900),
			'test/fixtures/sheet.csv': lines(900),
			'docs/screenshots/a.png': lines(900),
		});

		expect(result.oversized).toEqual([
			{ file: 'scripts/big.js', lines: 451, limit: 450 },
			{ file: 'credentials/Big.credentials.ts', lines: 301, limit: 300 },
			{ file: 'nodes/Omno/transport/big.ts', lines: 301, limit: 300 },
		]);
		expect(report(result).failed).toBe(true);
	});

	it('wants a test file with a test for every operation file', () => {
		const result = run({
			'nodes/Omno/actions/payout/get.operation.ts': 'export {};\n',
			'nodes/Omno/actions/payout/confirm.operation.ts': 'export {};\n',
			'nodes/Omno/actions/payIn/get.operation.ts': 'export {};\n',
			'test/nodes/Omno/actions/payout/confirm.test.ts': "describe('confirm', () => shared());\n",
			'test/nodes/Omno/actions/payIn/get.test.ts': '// nothing yet\n',
		});

		expect(result.operations.filter((o) => o.problem)).toEqual([
			{
				operation: 'nodes/Omno/actions/payIn/get.operation.ts',
				test: 'test/nodes/Omno/actions/payIn/get.test.ts',
				problem: 'test file holds no test',
			},
			{
				operation: 'nodes/Omno/actions/payout/get.operation.ts',
				test: 'test/nodes/Omno/actions/payout/get.test.ts',
				problem: 'no test file',
			},
		]);
		expect(report(result).failed).toBe(true);
	});

	it('refuses an import of scripts/, bench/ or e2e/ from another folder, and allows tools/, the sandbox and data', () => {
		const result = run({
			'tools/n8n/index.js': "require('../../scripts/n8n-versions.json');\nrequire('../../sandbox/config');\n",
			'bench/run.js': "require('../tools/n8n');\nrequire('../e2e/lib/queue');\n",
			'e2e/walkthrough.js': "const { main } = require('../scripts/start');\n",
			'scripts/start.js': "require('../tools/n8n');\nrequire('./start/banner');\n",
			'test/scripts/start.test.js': "require('../../scripts/start');\n",
		});

		expect(result.folderImports).toEqual([
			{ from: 'bench/run.js', to: 'e2e/lib/queue' },
			{ from: 'e2e/walkthrough.js', to: 'scripts/start' },
		]);
		const { text, failed } = report(result);
		expect(failed).toBe(true);
		expect(text).toContain('✗ imports between folders');
		expect(text).toContain('  bench/run.js → e2e/lib/queue');
	});
});
