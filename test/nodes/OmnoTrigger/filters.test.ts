import { matchesFilters, repeatKey, statusList } from '../../../nodes/OmnoTrigger/filters';

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

describe('repeatKey', () => {
	it('is type, id and status; an unknown type or status stays visible', () => {
		expect(repeatKey('payIn', 'pi-1', 'SUCCESS')).toBe('payIn:pi-1:SUCCESS');
		expect(repeatKey(undefined, 'x', undefined)).toBe('unknown:x:');
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
