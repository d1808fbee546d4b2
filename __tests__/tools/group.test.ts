import { groupBy } from '../../src/tools/group.js';

it('groups in order of first appearance, items in input order, appending in place', () => {
  const items = ['b1', 'a1', 'b2', 'c1', 'a2'];
  const groups = groupBy(items, (s) => s[0]);
  expect([...groups]).toEqual([
    ['b', ['b1', 'b2']],
    ['a', ['a1', 'a2']],
    ['c', ['c1']],
  ]);
});
