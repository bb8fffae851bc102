import { sleep } from 'n8n-workflow';

import { chunk, runPool } from '../../../nodes/shared/batch';

describe('chunk', () => {
	it('keeps order and puts the rest in a last, shorter chunk', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunk([], 3)).toEqual([]);
	});
});

describe('runPool', () => {
	it('never runs more than the limit at once and keeps results in task order', async () => {
		let running = 0;
		let peak = 0;
		const outcome = await runPool([30, 5, 20, 1, 10, 2], 2, async (ms, index) => {
			running++;
			peak = Math.max(peak, running);
			await sleep(ms);
			running--;
			return index * 10;
		});
		expect(peak).toBe(2);
		expect(outcome).toEqual({ results: [0, 10, 20, 30, 40, 50] });
	});

	it('starts nothing new after the first failure and reports it', async () => {
		const started: number[] = [];
		const outcome = await runPool([1, 2, 3, 4, 5], 1, async (task) => {
			started.push(task);
			if (task === 2) throw new Error('boom');
			return task;
		});
		expect(started).toEqual([1, 2]);
		expect((outcome.error as Error).message).toBe('boom');
		expect(outcome.results).toEqual([1, undefined, undefined, undefined, undefined]);
	});
});

describe('chunk with a size below 1', () => {
	it('throws instead of looping forever', () => {
		expect(() => chunk([1, 2], 0)).toThrow(RangeError);
		expect(() => chunk([1, 2], Number.NaN)).toThrow(RangeError);
	});
});
