import type { IDataObject } from 'n8n-workflow';

import {
	REPEAT_MEMORY,
	isRepeat,
	matchesFilters,
	repeatKey,
	statusList,
} from '../../../nodes/OmnoTrigger/filters';

describe('matchesFilters', () => {
	const any = { transactionKind: 'both' as const, statuses: [] };

	it('passes everything with Both and no statuses, even unknown type and status', () => {
		expect(matchesFilters({}, any)).toEqual({ pass: true });
	});

	it('passes the selected type and refuses the other', () => {
		expect(matchesFilters({ type: 'payout' }, { ...any, transactionKind: 'payout' }).pass).toBe(true);
		expect(matchesFilters({ type: 'payIn' }, { ...any, transactionKind: 'payout' })).toEqual({
			pass: false,
			reason: 'type payIn is not selected',
		});
	});

	it('refuses an unknown type when one type is selected', () => {
		expect(matchesFilters({}, { ...any, transactionKind: 'payIn' })).toEqual({
			pass: false,
			reason: 'type is unknown',
		});
	});

	it('matches statuses case-insensitively', () => {
		expect(matchesFilters({ status: 'success' }, { ...any, statuses: ['SUCCESS'] }).pass).toBe(true);
	});

	it('refuses a status not selected, a missing status and a status OMNO adds later', () => {
		const filters = { ...any, statuses: ['SUCCESS', 'FAILED'] };
		expect(matchesFilters({ status: 'PENDING' }, filters)).toEqual({
			pass: false,
			reason: 'status PENDING is not selected',
		});
		expect(matchesFilters({}, filters)).toEqual({ pass: false, reason: 'status is unknown' });
		expect(matchesFilters({ status: 'ON_HOLD' }, filters).pass).toBe(false);
	});
});

describe('isRepeat', () => {
	const minute = 60_000;

	it('remembers a key and reports it as a repeat within the window', () => {
		const memory: IDataObject = {};
		expect(isRepeat(memory, 'payIn:1:SUCCESS', 0, 10 * minute)).toBe(false);
		expect(isRepeat(memory, 'payIn:1:SUCCESS', 9 * minute, 10 * minute)).toBe(true);
	});

	it('forgets a key once the window has passed', () => {
		const memory: IDataObject = {};
		isRepeat(memory, 'k', 0, 10 * minute);
		expect(isRepeat(memory, 'k', 10 * minute, 10 * minute)).toBe(false);
	});

	it('treats another status of the same id as new', () => {
		const memory: IDataObject = {};
		isRepeat(memory, repeatKey('payIn', '1', 'PENDING'), 0, minute);
		expect(isRepeat(memory, repeatKey('payIn', '1', 'SUCCESS'), 1, minute)).toBe(false);
	});

	it('keeps at most maxEntries keys, forgetting the oldest', () => {
		const memory: IDataObject = {};
		for (let i = 0; i <= REPEAT_MEMORY.maxEntries; i++) isRepeat(memory, `payIn:${i}:S`, i, 10 * minute);
		expect(Object.keys(memory)).toHaveLength(REPEAT_MEMORY.maxEntries);
		expect(memory['payIn:0:S']).toBeUndefined();
		expect(memory[`payIn:${REPEAT_MEMORY.maxEntries}:S`]).toBe(REPEAT_MEMORY.maxEntries);
	});

	it('drops entries that are not timestamps (hand-edited or corrupt static data)', () => {
		const memory: IDataObject = { junk: 'x', future: 10 * minute };
		isRepeat(memory, 'k', 0, minute);
		expect(Object.keys(memory)).toEqual(['k']);
	});
});

describe('statusList', () => {
	it.each([
		[
			['SUCCESS', 'FAILED'],
			['SUCCESS', 'FAILED'],
		],
		['SUCCESS, FAILED', ['SUCCESS', 'FAILED']],
		['SUCCESS', ['SUCCESS']],
		['', []],
		[' , ', []],
		[undefined, []],
		[null, []],
		[42, []],
		[{ a: 1 }, []],
		[
			['SUCCESS', null, 7, { x: 1 }, ' '],
			['SUCCESS', '7'],
		],
	])('%j → %j', (value, list) => expect(statusList(value)).toEqual(list));
});
