import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('is the same whatever the key order, nested objects included', () => {
    const a = { title: '通知', attachments: [{ name: 'a', size: 1 }], validity: undefined };
    const b = { attachments: [{ size: 1, name: 'a' }], title: '通知' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestFingerprint(a)).toBe(requestFingerprint(b));
  });

  it('differs when a value or the order of a list differs', () => {
    expect(requestFingerprint({ title: '通知' })).not.toBe(requestFingerprint({ title: '通知 ' }));
    expect(requestFingerprint({ list: [1, 2] })).not.toBe(requestFingerprint({ list: [2, 1] }));
  });
});
