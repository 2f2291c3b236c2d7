import { describe, expect, it } from 'vitest';
import { LinkDrops } from './link-drops';
import { PerAddressLimit } from './per-address-limit';

const box = (n: number) => ({ iv: `iv${n}`, ct: `ct${n}` });

describe('LinkDrops', () => {
	it('lets the oldest drop go when full, and keeps the rest', () => {
		const drops = new LinkDrops({ now: () => 0, capacity: 2 });
		drops.leave('a', 'drop-a', box(1));
		drops.leave('b', 'drop-b', box(2));
		drops.leave('c', 'drop-c', box(3));
		expect(drops.size).toBe(2);
		expect(drops.take('drop-a')).toBeUndefined();
		expect(drops.take('drop-b')).toEqual(box(2));
		expect(drops.take('drop-c')).toEqual(box(3));
	});

	it('forgets a replaced drop’s owner only when it was theirs', () => {
		const drops = new LinkDrops({ now: () => 0 });
		drops.leave('a', 'drop-1', box(1));
		drops.leave('a', 'drop-2', box(2));
		expect(drops.size).toBe(1);
		expect(drops.cancel('a')).toBe(true);
		expect(drops.cancel('a')).toBe(false);
		expect(drops.size).toBe(0);
	});
});

describe('PerAddressLimit', () => {
	it('counts each address apart, and starts again once the window ends', () => {
		let time = 0;
		const limit = new PerAddressLimit({ now: () => time, limit: 2, windowMs: 1000 });
		expect([limit.take('x'), limit.take('x'), limit.take('y')]).toEqual([0, 0, 0]);
		time = 400;
		expect(limit.take('x')).toBe(600);
		time = 1000;
		expect(limit.take('x')).toBe(0);
	});
});
