import { requestIdFor } from './request-id';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it("keeps the caller's X-Request-Id", () => {
    expect(requestIdFor({ headers: { 'x-request-id': 'gw-7f3a:01.2_x' } })).toBe('gw-7f3a:01.2_x');
  });

  it('generates a UUID when there is none', () => {
    expect(requestIdFor({ headers: {} })).toMatch(uuid);
  });

  it.each([['has space'], ['{"level":60}'], ['x'.repeat(129)], ['line\nbreak']])('replaces an unsafe id %j', (id) => {
    expect(requestIdFor({ headers: { 'x-request-id': id } })).toMatch(uuid);
  });
});
