/**
 * Screening speed: how long `ContentScreening.screen` takes on a 50,000-character
 * draft (plain text and the same text as editor HTML), with the seed dictionary
 * and with a 10,000-term dictionary. Target from issue 4: well under 50 ms.
 *
 *   npm run bench:screening
 */
import { ContentScreening } from '@gongkai/domain/screening/content-screening';
import { type DictionaryEntry, SEED_DICTIONARY } from '@gongkai/domain/screening/dictionary';
import { CLEAN_NOTICE, LOOKALIKE_NUMBERS, REPLY_WITH_PERSONAL_DATA, SAMPLE_LEADERS } from '@gongkai/domain/screening/samples';

const TARGET_CHARS = 50_000;
const RUNS = 50;

function document(chars: number): string {
  const parts = [CLEAN_NOTICE, LOOKALIKE_NUMBERS, CLEAN_NOTICE, REPLY_WITH_PERSONAL_DATA, '副市长张明华要求认真贯切落实布署。\n'];
  let text = '';
  for (let i = 0; text.length < chars; i++) text += parts[i % parts.length];
  return text.slice(0, chars);
}

function asHtml(text: string): string {
  return text
    .split('\n')
    .map((line) => `<p style="text-indent:2em;line-height:1.8">${line.replace(/“/g, '&ldquo;').replace(/”/g, '&rdquo;')}</p>`)
    .join('\n');
}

/** Synthetic four-character terms, to show the cost does not grow with the dictionary. */
function largeDictionary(size: number): DictionaryEntry[] {
  const entries: DictionaryEntry[] = [...SEED_DICTIONARY];
  for (let i = 0; entries.length < size; i++) {
    const term = String.fromCharCode(0x4e00 + ((i * 7919) % 20000), 0x4e00 + ((i * 104729) % 20000), 0x9fa0, 0x9fa1 + (i % 4));
    entries.push({ term, category: 'sensitive_word', replacement: '' });
  }
  return entries;
}

function measure(label: string, screening: ContentScreening, source: string): void {
  for (let i = 0; i < 5; i++) screening.screen(source); // warm up the JIT
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    findings = screening.screen(source).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)];
  const p95 = times[Math.floor(RUNS * 0.95)];
  console.log(
    `${label.padEnd(34)} ${String(source.length).padStart(7)} 字符  中位数 ${median.toFixed(2)} ms  P95 ${p95.toFixed(2)} ms  发现 ${findings} 项`,
  );
}

function build(dictionary: DictionaryEntry[]): ContentScreening {
  const t0 = performance.now();
  const screening = new ContentScreening({ dictionary, leaders: SAMPLE_LEADERS });
  console.log(`构建自动机（${dictionary.length} 个词条）：${(performance.now() - t0).toFixed(2)} ms`);
  return screening;
}

const text = document(TARGET_CHARS);
const html = asHtml(text);
console.log(`内容筛查基准（Node ${process.version}，每项 ${RUNS} 次）`);
const seed = build([...SEED_DICTIONARY]);
measure('纯文本，种子词典', seed, text);
measure('HTML，种子词典', seed, html);
const large = build(largeDictionary(10_000));
measure('纯文本，1 万词条词典', large, text);
measure('HTML，1 万词条词典', large, html);
