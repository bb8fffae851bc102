import { RecentKeys, recentKeysFor } from '../../../nodes/InfobipTikTokTrigger/dedupe';

describe('RecentKeys', () => {
	it('admits a key once, and keys repeated within one call only the first time', () => {
		const keys = new RecentKeys(10);
		expect(keys.admit(['a', 'b', 'a'])).toEqual([true, true, false]);
		expect(keys.admit(['b', 'c'])).toEqual([false, true]);
	});

	it('always admits items without a key', () => {
		const keys = new RecentKeys(10);
		expect(keys.admit([undefined, undefined])).toEqual([true, true]);
		expect(keys.size).toBe(0);
	});

	it('forgets the oldest key beyond its capacity', () => {
		const keys = new RecentKeys(3);
		keys.admit(['1', '2', '3', '4']);
		expect(keys.size).toBe(3);
		expect(keys.admit(['1'])).toEqual([true]);
		expect(keys.admit(['3', '4'])).toEqual([false, false]);
	});

	it('keeps one window per scope, shared by every caller in the process', () => {
		expect(recentKeysFor('wf-a:node')).toBe(recentKeysFor('wf-a:node'));
		expect(recentKeysFor('wf-a:node')).not.toBe(recentKeysFor('wf-b:node'));
	});
});
