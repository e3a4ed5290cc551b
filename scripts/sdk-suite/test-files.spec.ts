import { DEFAULT_FILES, EXCLUDED, EXTRA_FILES, normaliseName, selectFiles } from './test-files';

describe('the SDK suite file selection', () => {
  it('runs 31 files by default, and the extra ones with --all, each once and none excluded', () => {
    expect(DEFAULT_FILES).toHaveLength(31);
    const all = selectFiles({ all: true }).map((f) => f.file);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(DEFAULT_FILES.length + EXTRA_FILES.length);
    expect(all.filter((f) => f in EXCLUDED)).toEqual([]);
  });

  it('accepts a file by its name, its short name or its compiled path, keeping its engine', () => {
    expect(['test-custom-payload-codec', 'custom-payload-codec', 'lib/test-custom-payload-codec.js', 'src/test-custom-payload-codec.ts'].map(normaliseName)).toEqual(
      Array(4).fill('test-custom-payload-codec'),
    );
    expect(selectFiles({ only: ['custom-payload-codec', 'testenvironment', 'test-not-listed'] })).toEqual([
      { file: 'test-custom-payload-codec', engine: 'codec' },
      { file: 'test-testenvironment', engine: 'time-skipping' },
      { file: 'test-not-listed', engine: 'main' },
    ]);
  });
});
