/**
 * Issue 10, item 11: names and topics reach every element without bidi controls or invisible
 * characters, because every service's snapshot passes through the SnapshotStore.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotService, SnapshotStore } from '../../src/services/snapshot-store.js';

interface State {
  topic?: string;
  participants: { id: string; displayName: string }[];
  incoming?: { caller: { id: string; displayName: string } };
  typing: { id: string; displayName: string }[];
}

test('a snapshot with spoofing characters in names is cleaned before any listener sees it', () => {
  const store = new SnapshotStore<State>({ topic: 'Weekly\u202E', participants: [], typing: [] });
  assert.equal(store.state.topic, 'Weekly', 'the initial state too');
  const seen: State[] = [];
  store.subscribe((state) => seen.push(state));
  store.replace({
    topic: 'Q4 \u2066review\u2069',
    participants: [{ id: 'a', displayName: 'Bob\u202Eecila' }],
    incoming: { caller: { id: 'c', displayName: 'CEO\u200B' } },
    typing: [{ id: 't', displayName: 'Ann\u2028ouncement' }],
  });
  assert.deepEqual(seen.at(-1), {
    topic: 'Q4 review',
    participants: [{ id: 'a', displayName: 'Bobecila' }],
    incoming: { caller: { id: 'c', displayName: 'CEO' } },
    typing: [{ id: 't', displayName: 'Ann ouncement' }],
  });
  store.set({ participants: [{ id: 'b', displayName: '\uFEFFEve' }] });
  assert.equal(store.state.participants[0]!.displayName, 'Eve');
});

test('services built on SnapshotService get the same cleaning', () => {
  class Service extends SnapshotService<State> {
    join(name: string) {
      this.store.set({ participants: [...this.state.participants, { id: name, displayName: name }] });
    }
  }
  const service = new Service({ participants: [], typing: [] });
  service.join('Mallory\u202Ednuof');
  assert.equal(service.getState().participants[0]!.displayName, 'Mallorydnuof');
});
