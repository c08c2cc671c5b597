// nodes/, credentials/ and package.json get what n8n's verification scanner checks, with the same two rule
// sets; everything else the repo runs (tests, e2e, sandbox, scripts, tools, bench) gets ESLint's and
// typescript-eslint's recommended rules. Run with --no-inline-config (see package.json), as the scanner
// does: no disable comments anywhere.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import tsParser from '@typescript-eslint/parser';
import jsoncParser from 'jsonc-eslint-parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const base = { 'n8n-nodes-base': n8nNodesBase };

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'examples/**', 'docs/**'] },
	{
		files: ['**/*.js', '**/*.mjs'],
		...js.configs.recommended,
		languageOptions: {
			ecmaVersion: 2023,
			sourceType: 'commonjs',
			globals: { ...globals.node },
		},
		rules: {
			...js.configs.recommended.rules,
			// `catch {}` around best-effort cleanup (killing a child that already exited) is deliberate.
			'no-empty': ['error', { allowEmptyCatch: true }],
			'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none', ignoreRestSiblings: true }],
		},
	},
	{ files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
	{ files: ['test/**/*.js'], languageOptions: { globals: { ...globals.node, ...globals.jest } } },
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['test/**/*.ts'] })),
	{
		files: ['test/**/*.ts'],
		languageOptions: { globals: { ...globals.node, ...globals.jest } },
		rules: {
			// Fakes of n8n's context objects cast through unknown on purpose; the node code itself is strict.
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: base,
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: base,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Written for n8n's own repository, where docs URLs are camelCase slugs; a community package
			// links its README instead (the n8n-nodes-starter config switched these off too).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-documentation-url-not-http-url': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: base,
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Same reason as above: community nodes link their own docs, not n8n's docs slugs.
			'n8n-nodes-base/node-class-description-credentials-name-unsuffixed': 'off',
			// The scanner's node-connection-type-literal rule requires NodeConnectionTypes.Main, which these
			// older rules (written before that constant existed) reject: the scanner's rule wins.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		...n8nCommunityNodesPlugin.configs.recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { sourceType: 'module', extraFileExtensions: ['.json'] },
		},
	},
];
