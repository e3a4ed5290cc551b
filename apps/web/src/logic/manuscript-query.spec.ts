import { apiQuery, filtersFromQuery, manuscriptsUrl, queryFromFilters } from './manuscript-query';

describe('稿件 list filters in the query string', () => {
  it('reads every filter the dashboard links with', () => {
    const f = filtersFromQuery({
      status: 'published', department: 'jichu', publishedFrom: '2026-01-01', publishedTo: '2026-01-31', overdue: 'true', dueWithinWorkingDays: '3', stage: 'leader_review', page: '3',
    });
    expect(f).toEqual({
      status: 'published', stage: 'leader_review', department: 'jichu', category: undefined, text: undefined, overdue: true, dueWithinWorkingDays: 3,
      publishedFrom: '2026-01-01', publishedTo: '2026-01-31', page: 3, pageSize: 20,
    });
    expect(apiQuery(f)).toEqual({
      page: 3, pageSize: 20, status: 'published', stage: 'leader_review', department: 'jichu', overdue: true, dueWithinWorkingDays: 3, publishedFrom: '2026-01-01', publishedTo: '2026-01-31',
    });
  });

  it('drops what is malformed instead of sending it', () => {
    const f = filtersFromQuery({ status: 'bogus', stage: 'nowhere', publishedFrom: '2026/01/01', page: '0', pageSize: '1000', overdue: 'yes' });
    expect(apiQuery(f)).toEqual({ page: 1, pageSize: 20 });
  });

  it('round-trips and leaves defaults out of the URL', () => {
    const url = manuscriptsUrl({ status: 'in_review', overdue: true, page: 1, pageSize: 20 });
    expect(url).toBe('/manuscripts?status=in_review&overdue=true');
    const back = filtersFromQuery(Object.fromEntries(new URLSearchParams(url.split('?')[1])));
    expect(queryFromFilters(back)).toEqual({ status: 'in_review', overdue: 'true' });
    expect(manuscriptsUrl({})).toBe('/manuscripts');
  });

  it('takes the first of repeated parameters', () => {
    expect(filtersFromQuery({ department: ['jichu', 'zhengce'] }).department).toBe('jichu');
  });
});
