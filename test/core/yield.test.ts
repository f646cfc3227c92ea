/**
 * mapInSlices: long lists are mapped in slices with a yield to the browser between them, in order.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mapInSlices } from '../../src/core/yield.js';

const globals = globalThis as { scheduler?: unknown };
afterEach(() => {
  delete globals.scheduler;
});

test('yields between slices of maxItems, keeps order, drops undefined', async () => {
  const events: string[] = [];
  globals.scheduler = {
    yield: async () => {
      events.push('yield');
    },
  };
  const items = Array.from({ length: 50 }, (_, i) => i);
  const out = await mapInSlices(
    items,
    (n) => {
      events.push(`map ${n}`);
      return n % 10 === 9 ? undefined : n * 2;
    },
    { maxItems: 20, budgetMs: Number.POSITIVE_INFINITY },
  );
  assert.deepEqual(out, items.filter((n) => n % 10 !== 9).map((n) => n * 2));
  assert.equal(events.filter((e) => e === 'yield').length, 2, '50 items in slices of 20: two yields');
  assert.equal(events.indexOf('yield'), 20, 'the first yield comes after 20 items');
  assert.equal(events.lastIndexOf('yield'), 41);
});

test('stops at the next slice once aborted', async () => {
  const controller = new AbortController();
  globals.scheduler = { yield: async () => controller.abort() };
  const mapped: number[] = [];
  await assert.rejects(
    mapInSlices([1, 2, 3, 4], (n) => mapped.push(n), { maxItems: 2, budgetMs: Number.POSITIVE_INFINITY, signal: controller.signal }),
    { name: 'AbortError' },
  );
  assert.deepEqual(mapped, [1, 2]);
});

test('without scheduler.yield it still completes (a macrotask between slices)', async () => {
  const out = await mapInSlices([1, 2, 3], (n) => n, { maxItems: 1 });
  assert.deepEqual(out, [1, 2, 3]);
});
