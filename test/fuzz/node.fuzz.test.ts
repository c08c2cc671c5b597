import fc from 'fast-check';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { RETRY_POLICY } from '../../nodes/Omno/transport';
import { SANDBOX } from '../helpers/credentials';
import { customerParams } from '../helpers/customer';
import { API, SSO, TOKEN_PATH, mockToken, runNode, visibleText } from '../helpers/omno';
import { deliver } from '../helpers/webhookFunctions';

/**
 * Property-based fuzzing of the real node (n8n-core's request helpers against nock), through its public surface
 * only: node parameters in, items or errors out. A fixed seed runs in `npm test`; FUZZ_RUNS=<n> (and FUZZ_SEED)
 * run longer, e.g. in CI.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const counts: Record<string, number> = {};

const PANS = ['4242424242424242', '378282246310005', '30569309025904', '4000000000000000006'];
const CVV = '8317';
const TOKEN = 'fuzz-token-9f3e';
const SECRETS = [SANDBOX.clientSecret, TOKEN];

afterAll(() => {
	process.stdout.write(`fuzz (seed ${SEED}): ${JSON.stringify(counts)} cases\n`);
});

const saved = { ...RETRY_POLICY };
beforeAll(() => Object.assign(RETRY_POLICY, { getRetryDelaysMs: [1, 1], defaultRetryAfterMs: 1 }));
afterAll(() => Object.assign(RETRY_POLICY, saved));

const panText = fc
	.tuple(fc.constantFrom(...PANS), fc.constantFrom('', ' ', '-', '.', 'card', 'pan_', ' no '), fc.boolean())
	.map(([pan, glue, grouped]) => `${glue}${grouped ? pan.replace(/(\d{4})(?=\d)/g, '$1 ') : pan}`);
const hostileString = fc.oneof(
	fc.string(),
	fc.string({ unit: 'grapheme' }),
	fc.constantFrom(
		'',
		' ',
		'.',
		'..',
		'__proto__',
		'constructor',
		'a\nb',
		'a\u0000b',
		'1e3',
		'5e-7',
		'NaN',
		'x'.repeat(300),
	),
	panText,
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	hostileString,
	fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 53, 2 ** 60, 5e-7, 1e21, 0, -1, 12.5, true, false, null),
	fc.integer(),
	fc.double(),
	fc.array(fc.string(), { maxLength: 2 }),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
const amount = fc.oneof(
	fc
		.tuple(fc.integer({ min: 0, max: 999999 }), fc.integer({ min: 0, max: 99 }))
		.map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`),
	fc.constantFrom('10', '0.0000005', '1000000000000000000000', 5e-7, 1e21, 0.1, 19.99, '1,000.00', '-5', '0'),
	hostileValue,
);
const extras = fc.oneof(
	fc.constant('{}'),
	fc.constantFrom(
		'{"__proto__":{"value":999999.99}}',
		'{"Value":1}',
		'{"CURRENCY":"USD"}',
		'{"OrderId":"x"}',
		'{"customer":{}}',
		'{"kycVerified":false}',
		'{"constructor":{"prototype":{}}}',
		'{"note":"ok"}',
		'[1]',
		'not json',
	),
	fc
		.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
		.map((o) => JSON.stringify(o)),
);
/** What OMNO might answer: hostile shapes, PANs and security codes in any key, odd statuses. */
const omnoAnswer = fc.record({
	status: fc.constantFrom(200, 201, 400, 402, 404, 409, 422, 500, 503),
	body: fc.oneof(
		fc.jsonValue({ maxDepth: 3 }),
		panText.map((pan) => ({ message: `Card ${pan} declined`, cvv: CVV })),
		panText.map((pan) => ({ payoutId: 'po-1', status: 'CREATED', card: { number: pan, securityCode: CVV } })),
		panText.map((pan) => `${'x'.repeat(280)} ${pan} tail`),
		fc.constantFrom('', 'null', '<html>nope</html>'),
	),
});

function expectNoSecrets(text: string): void {
	for (const secret of SECRETS) expect(text).not.toContain(secret);
	// The CVV as a number of its own: its four digits also turn up inside timestamps and ids ("…908317").
	expect(text).not.toMatch(new RegExp(`(?<!\\d)${CVV}(?!\\d)`));
	for (const pan of PANS) {
		// The whole number, also when written with separators; a bare 8-digit prefix is too short to tell apart
		// from ids (a UUID's "…400000000" matched "40000000").
		expect(text.replace(/[\s\-.]+/g, '')).not.toContain(pan);
	}
}

function plain(value: number): string {
	// The decimal a JSON number stands for, exactly (JS prints ≥ 1e21 and < 1e-6 with an exponent).
	const text = String(value);
	const m = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
	if (!m) return text;
	const digits = m[1] + (m[2] ?? '');
	const point = m[1].length + Number(m[3]);
	const raw =
		point <= 0
			? `0.${'0'.repeat(-point)}${digits}`
			: point >= digits.length
				? digits + '0'.repeat(point - digits.length)
				: `${digits.slice(0, point)}.${digits.slice(point)}`;
	return raw.includes('.') ? raw.replace(/0+$/, '').replace(/\.$/, '') : raw;
}

function canonicalInput(value: unknown): string | undefined {
	const text =
		typeof value === 'number' ? plain(value) : typeof value === 'string' ? value.trim() : undefined;
	const m = text === undefined ? null : /^(\d+)(?:\.(\d+))?$/.exec(text);
	if (!m) return undefined;
	const int = m[1].replace(/^0+(?=\d)/, '');
	const frac = (m[2] ?? '').replace(/0+$/, '');
	return frac ? `${int}.${frac}` : int;
}

describe("fuzz: Payout → Create over its parameters and OMNO's answers", () => {
	it('either a per-item input error with nothing sent, or one request of the documented shape with the amount unchanged; never a TypeError, never a secret', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					orderId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), hostileValue),
					value: amount,
					currency: fc.oneof(
						fc.constantFrom('EUR', 'usd', 'BTC', 'JPY', 'USDT', 'EURO', 'xx', ''),
						hostileValue,
					),
					additionalBodyFields: extras,
					firstName: fc.oneof(fc.constant('Jane'), hostileString),
					state: fc.oneof(fc.constant('IL'), hostileValue),
					answer: omnoAnswer,
				}),
				async (input) => {
					counts.payoutCreate = (counts.payoutCreate ?? 0) + 1;
					nock.cleanAll();
					mockToken(TOKEN);
					const sent: IDataObject[] = [];
					nock(API)
						.post('/public/payout')
						.times(3)
						.reply((_uri, body) => {
							sent.push(body as IDataObject);
							return [input.answer.status, input.answer.body as never];
						});
					// A 409 naming a payout makes the node read it back: OMNO answers that with the same hostile body.
					nock(API)
						.get(/^\/public\/payout\//)
						.times(3)
						.reply(() => [input.answer.status === 409 ? 200 : 404, input.answer.body as never]);
					// Item 2 carries the fuzzed values; item 1 is valid, so the error must name item 2.
					const parameters = (i: number): IDataObject => ({
						resource: 'payout',
						operation: 'create',
						kycVerified: true,
						...customerParams,
						orderId: i === 0 ? 'fuzz-ok-1' : (input.orderId as never),
						value: i === 0 ? '1' : (input.value as never),
						currency: i === 0 ? 'EUR' : (input.currency as never),
						firstName: i === 0 ? 'Jane' : input.firstName,
						state: i === 0 ? 'IL' : (input.state as never),
						additionalFields: i === 0 ? {} : { additionalBodyFields: input.additionalBodyFields },
						runOptions: {},
					});
					let output: unknown;
					let error: (Error & IDataObject) | undefined;
					try {
						output = await runNode(parameters, { items: [{ json: {} }, { json: {} }], continueOnFail: true });
					} catch (caught) {
						error = caught as Error & IDataObject;
					}
					expect(error).toBeUndefined();
					const items = output as Array<{ json: IDataObject }>;
					expect(items).toHaveLength(2);
					expectNoSecrets(JSON.stringify(items));
					const second = items[1].json;
					expect(String(second.error ?? '')).not.toMatch(/TypeError|is not a function|Cannot read prop/);
					if (second.outcome === 'invalid') {
						// Refused before sending: named row 2 (with its orderId when readable) and a field, and row 2 sent nothing.
						expect(second.error).toMatch(/^Row 3(?: \(orderId .+?\))?: .+ \([A-Za-z.]+\) /);
						expect(sent.filter((b) => b.orderId !== 'fuzz-ok-1')).toEqual([]);
						return;
					}
					// Sent: exactly once, documented shape, the amount exactly as given.
					const mine = sent.filter((b) => b.orderId !== 'fuzz-ok-1');
					expect(mine).toHaveLength(1);
					const body = mine[0];
					expect(Object.keys(body)).toEqual(
						expect.arrayContaining(['orderId', 'value', 'currency', 'kycVerified', 'customer']),
					);
					expect(typeof body.value).toBe('number');
					expect(plain(body.value as number)).toBe(canonicalInput(input.value));
					expect(body.kycVerified).toBe(true);
					expect(typeof body.orderId).toBe('string');
					expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
				},
			),
			{ numRuns: RUNS, seed: SEED },
		);
	}, 120_000);
});

describe('fuzz: ids and the token endpoint', () => {
	it('any id either is refused with nothing sent or is sent as one encoded path segment', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(
					['payout', 'confirm', 'payoutId'],
					['payout', 'reject', 'payoutId'],
					['payout', 'get', 'payoutId'],
					['payIn', 'get', 'payInId'],
					['transaction', 'get', 'transactionId'],
				),
				fc.oneof(hostileString, fc.uuid()),
				async ([resource, operation, field], id) => {
					counts.ids = (counts.ids ?? 0) + 1;
					nock.cleanAll();
					mockToken(TOKEN);
					const paths: string[] = [];
					const record = (uri: string): [number, IDataObject] => {
						paths.push(uri);
						return [404, { message: 'not found' }];
					};
					nock(API).get(/.*/).times(4).reply(record).put(/.*/).times(4).reply(record);
					let error: (Error & IDataObject) | undefined;
					try {
						await runNode({ resource, operation, [field]: id });
					} catch (caught) {
						error = caught as Error & IDataObject;
					}
					expect(error).toBeDefined();
					expect(error?.message).not.toMatch(/TypeError|is not a function|Cannot read prop/);
					expectNoSecrets(visibleText(error));
					// Refused before sending: an input error, named "Row 2", that says nothing was sent.
					if (String(error?.description).includes('Nothing was sent to OMNO for this row')) {
						expect(error?.message).toMatch(/^Row 2\b/);
						expect(paths).toEqual([]);
						return;
					}
					const segment = encodeURIComponent(String(id).trim());
					for (const path of paths) {
						expect(path.split('/')).toContain(segment);
						expect(path.split('/')).not.toContain('..');
					}
				},
			),
			{ numRuns: RUNS, seed: SEED },
		);
	}, 120_000);

	it('any token-endpoint answer without a token is a token failure, with no API request', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(200, 301, 400, 401, 403, 404, 429, 500, 502, 503),
				fc.oneof(
					fc.jsonValue({ maxDepth: 2 }),
					fc.string(),
					panText.map((pan) => ({ error: 'invalid_client', error_description: `card ${pan}` })),
				),
				async (status, body) => {
					counts.token = (counts.token ?? 0) + 1;
					nock.cleanAll();
					nock(SSO)
						.post(TOKEN_PATH)
						.reply(status, body as never);
					let apiCalls = 0;
					nock(API)
						.post(/.*/)
						.reply(() => {
							apiCalls++;
							return [200, {}];
						});
					const [item] = await runNode(
						{
							resource: 'payout',
							operation: 'create',
							orderId: 'tok-1',
							value: '1',
							currency: 'EUR',
							kycVerified: true,
							...customerParams,
							additionalFields: {},
							runOptions: {},
						},
						{ continueOnFail: true },
					);
					expectNoSecrets(JSON.stringify(item));
					expect(apiCalls).toBe(0);
					expect(item.json.error).toMatch(/^Row 2 \(orderId tok-1\): OMNO token request failed/);
					expect(item.json.outcome).toBe('failed');
				},
			),
			{ numRuns: Math.max(10, Math.floor(RUNS / 2)), seed: SEED },
		);
	}, 120_000);
});

describe("fuzz: the trigger over OMNO's answers", () => {
	it('verified only when OMNO answers an object with the delivered id; never a crash, never card data', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(fc.uuid(), fc.constant('pi-1')),
				fc.oneof(
					fc.jsonValue({ maxDepth: 3 }),
					fc.record({
						id: fc.oneof(fc.constant('SAME'), fc.string()),
						status: fc.string(),
						card: panText,
						cvc: fc.constant(CVV),
					}),
					fc.constantFrom('', 'null', '<html/>'),
				),
				fc.constantFrom(200, 404, 500),
				async (id, answer, status) => {
					counts.trigger = (counts.trigger ?? 0) + 1;
					nock.cleanAll();
					mockToken(TOKEN);
					const body =
						answer !== null &&
						typeof answer === 'object' &&
						!Array.isArray(answer) &&
						(answer as IDataObject).id === 'SAME'
							? { ...(answer as IDataObject), id }
							: answer;
					nock(API)
						.get(/.*/)
						.times(6)
						.reply(status, body as never);
					const run = await deliver({
						parameters: { deliveryAuthentication: 'none', verifyWithOmno: true },
						body: { id, note: `card ${PANS[0]}` },
					});
					expectNoSecrets(JSON.stringify(run.emitted) + JSON.stringify(run.logs));
					const matches =
						status === 200 &&
						body !== null &&
						typeof body === 'object' &&
						!Array.isArray(body) &&
						(body as IDataObject).id === id;
					if (matches) {
						expect(run.emitted).toHaveLength(1);
						expect(run.emitted[0]).toMatchObject({ id, verified: true });
					} else {
						expect(run.emitted).toEqual([]);
						expect([404, 503]).toContain(run.response.status);
					}
				},
			),
			{ numRuns: RUNS, seed: SEED },
		);
	}, 120_000);
});
