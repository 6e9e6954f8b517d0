import { collaboratorsFromAwareness } from '../src/index.js';

const cursor = { anchor: { type: null, tname: 'default', item: null, assoc: 0 }, head: { type: null, tname: 'default', item: null, assoc: 0 } };

describe('collaboratorsFromAwareness', () => {
  it('lists other people once each, sorted by name, without me', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { id: 'me', name: 'Me', color: '#337ea9' }, cursor }],
      [2, { user: { id: 'u-zoe', name: 'Zoe', color: '#e16259' }, cursor }],
      [3, { user: { id: 'u-ada', name: 'Ada', color: '#448361' }, cursor: null }],
      [4, { user: { id: 'u-ada', name: 'Ada', color: '#448361' }, cursor }],
      [5, { user: { id: 'u-ada', name: 'Ada', color: '#448361' } }],
    ]);
    const people = collaboratorsFromAwareness(states, 1);
    expect(people.map((p) => p.name)).toEqual(['Ada', 'Zoe']);
    // Ada's tab with a caret is kept, so clicking her avatar can jump somewhere.
    expect(people[0]?.clientId).toBe(4);
  });

  it('ignores states without a well-formed user (e.g. a tab that has not announced itself yet)', () => {
    const states = new Map<number, Record<string, unknown>>([
      [2, {}],
      [3, { user: { name: 42 } }],
      [4, { user: { id: 'x', name: 'X', color: 'red' } }],
    ]);
    const people = collaboratorsFromAwareness(states, 1);
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ id: 'x', color: 'red', cursor: null });
  });
});
