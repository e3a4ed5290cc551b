import { queryRows } from './query-rows';

describe('queryRows', () => {
  it('returns RETURNING rows whether TypeORM answers [rows, count] or rows', async () => {
    const update = { query: async () => [[{ id: 1 }], 1] };
    const select = { query: async () => [{ id: 2 }] };
    const none = { query: async () => [[], 0] };
    expect(await queryRows(update, 'UPDATE …')).toEqual([{ id: 1 }]);
    expect(await queryRows(select, 'SELECT …')).toEqual([{ id: 2 }]);
    expect(await queryRows(none, 'UPDATE …')).toEqual([]);
  });
});
