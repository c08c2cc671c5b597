import {
	REPEAT_MEMORY,
	forgetRepeats,
	isRepeat,
	repeatMemorySize,
	repeatScope,
} from '../../../nodes/OmnoTrigger/repeats';

const minute = 60_000;
// The memory is the module's, shared by every test here: each test uses scopes of its own.
let tests = 0;
let scope = '';
beforeEach(() => {
	scope = repeatScope(`wf-${++tests}`, 'node-1');
});

describe('isRepeat', () => {
	it('remembers a key and reports it as a repeat within the window', () => {
		expect(isRepeat(scope, 'payIn:1:SUCCESS', 0, 10 * minute)).toBe(false);
		expect(isRepeat(scope, 'payIn:1:SUCCESS', 9 * minute, 10 * minute)).toBe(true);
	});

	it('forgets a key once the window has passed', () => {
		isRepeat(scope, 'k', 0, 10 * minute);
		expect(isRepeat(scope, 'k', 10 * minute, 10 * minute)).toBe(false);
	});

	it('treats another status of the same id as new', () => {
		isRepeat(scope, 'payIn:1:PENDING', 0, minute);
		expect(isRepeat(scope, 'payIn:1:SUCCESS', 1, minute)).toBe(false);
	});

	it('keeps triggers apart: another workflow or node has its own memory', () => {
		isRepeat(scope, 'k', 0, minute);
		expect(isRepeat(repeatScope(`wf-${tests}`, 'node-2'), 'k', 1, minute)).toBe(false);
		expect(isRepeat(repeatScope(`wf-${tests}-b`, 'node-1'), 'k', 1, minute)).toBe(false);
		expect(isRepeat(scope, 'k', 1, minute)).toBe(true);
	});

	it('keeps at most maxEntries keys, forgetting the oldest', () => {
		const saved = REPEAT_MEMORY.maxEntries;
		REPEAT_MEMORY.maxEntries = 5;
		try {
			for (let i = 0; i <= 5; i++) isRepeat(scope, `payIn:${i}:S`, 1_000_000 + i, 10 * minute);
			expect(repeatMemorySize()).toBe(5);
			expect(isRepeat(scope, 'payIn:5:S', 1_000_010, 10 * minute)).toBe(true);
			// The oldest was forgotten, so it counts as new (and pushes out the next oldest).
			expect(isRepeat(scope, 'payIn:0:S', 1_000_010, 10 * minute)).toBe(false);
		} finally {
			REPEAT_MEMORY.maxEntries = saved;
		}
	});

	it('drops expired keys of every trigger', () => {
		isRepeat(repeatScope('other', 'n'), 'old', 0, minute);
		const before = repeatMemorySize();
		isRepeat(scope, 'new', 100 * minute, minute);
		expect(repeatMemorySize()).toBeLessThanOrEqual(before);
		expect(isRepeat(repeatScope('other', 'n'), 'old', 100 * minute, minute)).toBe(false);
	});
});

describe('forgetRepeats', () => {
	it("forgets one trigger's keys and nothing else", () => {
		const other = repeatScope(`wf-${tests}-other`, 'node-1');
		isRepeat(scope, 'k', 0, 10 * minute);
		isRepeat(other, 'k', 0, 10 * minute);

		forgetRepeats(scope);

		expect(isRepeat(scope, 'k', 1, 10 * minute)).toBe(false);
		expect(isRepeat(other, 'k', 1, 10 * minute)).toBe(true);
	});
});
