import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it('gives an ASCII filename and the Chinese one as RFC 8187 filename*', () => {
    expect(contentDisposition('attachment', 'table3-2026.xlsx', '2026年度表三.xlsx')).toBe(
      `attachment; filename="table3-2026.xlsx"; filename*=UTF-8''2026%E5%B9%B4%E5%BA%A6%E8%A1%A8%E4%B8%89.xlsx`,
    );
  });

  it('keeps the ASCII name to safe characters and escapes what RFC 8187 does not allow bare', () => {
    expect(contentDisposition('inline', 'a"b\\c中.pdf', "it's (1).pdf")).toBe(`inline; filename="a_b_c_.pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`);
  });
});
