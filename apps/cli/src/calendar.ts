/**
 * 工作日历命令行 — office staff check a statutory deadline without the web page.
 *
 *   npm run calendar -- due <收到日期> <工作日数>       last line: the due date, YYYY-MM-DD
 *   npm run calendar -- explain <收到日期> <工作日数>   each counted and skipped day, with the reason
 *   npm run calendar -- import <file.json>             store a year (needs DATABASE_URL)
 *   npm run calendar -- seed                           store the years chinese-days covers (needs DATABASE_URL)
 *   npm run calendar -- export <year>                  print a stored year in the import format
 *
 * due/explain use the chinese-days data by default (no database needed); files
 * given with --calendar add or replace years; --db reads the calendar table.
 * Exit codes: 0 done, 1 the calendar cannot answer (e.g. a year without data), 2 usage error.
 */
import * as fs from 'node:fs';
import { loadDatabaseCliConfig, readProcessEnv } from '@gongkai/config';
import {
  parseCalendarYear,
  type CalendarYear,
  endOfDayInShanghai,
  isCivilDate,
  weekdayName,
  WorkingDayCalendar,
} from '@gongkai/domain';
import { chineseDaysCalendarYears } from '@gongkai/domain/calendar/chinese-days-source';

const USAGE = `用法：
  npm run calendar -- due <收到日期 YYYY-MM-DD> <工作日数> [选项]
  npm run calendar -- explain <收到日期 YYYY-MM-DD> <工作日数> [选项]
  npm run calendar -- import <年度日历.json>     （需设置 DATABASE_URL）
  npm run calendar -- seed                       （需设置 DATABASE_URL）
  npm run calendar -- export <年份>              （需设置 DATABASE_URL）

选项：
  --calendar <file.json>   使用该年度日历文件（可重复；覆盖同年份的内置数据）
  --db                     从数据库 calendar_day 表读取日历（需设置 DATABASE_URL）
  --weekday-fallback       对无数据的年份按周一至周五推定（结果会标注“推定”）

收到日期为第 0 日，次日起算。日历文件格式见 docs/calendar.md。`;

class UsageError extends Error {}

interface Options {
  positional: string[];
  calendarFiles: string[];
  db: boolean;
  weekdayFallback: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { positional: [], calendarFiles: [], db: false, weekdayFallback: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--calendar') {
      const file = argv[++i];
      if (!file) throw new UsageError('--calendar 后须给出文件路径');
      options.calendarFiles.push(file);
    } else if (arg === '--db') options.db = true;
    else if (arg === '--weekday-fallback') options.weekdayFallback = true;
    else if (arg === '-h' || arg === '--help') throw new UsageError('');
    else if (arg.startsWith('--')) throw new UsageError(`未知选项：${arg}`);
    else options.positional.push(arg);
  }
  return options;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`无法读取文件：${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} 不是有效的 JSON：${(err as Error).message}`);
  }
}

function databaseUrl(): string {
  // Validated here, where a command needs it: due/explain run without a database.
  const url = loadDatabaseCliConfig(readProcessEnv()).databaseUrl;
  if (!url) throw new UsageError('该命令需要数据库：请设置 DATABASE_URL（如 postgres://user:pass@127.0.0.1:5432/gongkai）');
  return url;
}

/** Runs `work` with a calendar store on DATABASE_URL (loaded lazily: due/explain need no database driver). */
async function withStore<T>(work: (store: import('@gongkai/persistence').CalendarRepository) => Promise<T>): Promise<T> {
  const { createDataSource } = await import('@gongkai/persistence');
  const { CalendarRepository } = await import('@gongkai/persistence');
  const ds = createDataSource(databaseUrl(), { extra: { max: 2 } });
  await ds.initialize();
  try {
    return await work(new CalendarRepository(ds));
  } finally {
    await ds.destroy();
  }
}

async function buildCalendar(options: Options): Promise<WorkingDayCalendar> {
  const byYear = new Map<number, CalendarYear>();
  for (const y of chineseDaysCalendarYears()) byYear.set(y.year, y);
  const fallback = { weekdayOnlyFallback: options.weekdayFallback };
  if (options.db) return withStore((store) => store.loadCalendar(fallback));
  for (const file of options.calendarFiles) {
    const year = parseCalendarYear(readJson(file));
    byYear.set(year.year, year);
  }
  return new WorkingDayCalendar([...byYear.values()], fallback);
}

function dateAndCount(positional: string[]): { receipt: string; n: number } {
  const [, receipt, count] = positional;
  if (!receipt || !count || positional.length > 3) throw new UsageError('需要两个参数：收到日期和工作日数');
  if (!isCivilDate(receipt)) throw new UsageError(`收到日期无效：${receipt}（应为 YYYY-MM-DD）`);
  if (!/^\d+$/.test(count)) throw new UsageError(`工作日数必须是非负整数：${count}`);
  return { receipt, n: Number(count) };
}

function deadlineText(date: string): string {
  const end = endOfDayInShanghai(date);
  return `${date}（${weekdayName(date)}）北京时间 23:59:59 止，即 ${end.toISOString()}`;
}

async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  const [command] = options.positional;
  switch (command) {
    case 'due': {
      const { receipt, n } = dateAndCount(options.positional);
      const calendar = await buildCalendar(options);
      const due = calendar.addWorkingDays(receipt, n);
      const assumed = calendar.explainAddWorkingDays(receipt, n).some((l) => l.assumed);
      console.log(`收到日期 ${receipt}（第 0 日）起 ${n} 个工作日，期限至 ${deadlineText(due)}`);
      if (assumed) console.log('注意：部分年份无节假日数据，已按周一至周五推定，结果可能不准确');
      console.log(due);
      return 0;
    }
    case 'explain': {
      const { receipt, n } = dateAndCount(options.positional);
      const calendar = await buildCalendar(options);
      const lines = calendar.explainAddWorkingDays(receipt, n);
      for (const l of lines) console.log(`${l.date} ${l.weekday}  ${l.note}`);
      console.log(`到期：${deadlineText(lines.at(-1)!.date)}`);
      return 0;
    }
    case 'import': {
      const [, file] = options.positional;
      if (!file || options.positional.length > 2) throw new UsageError('需要一个参数：年度日历 JSON 文件');
      const input = readJson(file);
      const result = await withStore((store) => store.importYear(input));
      console.log(
        `已${result.replaced ? '替换' : '导入'} ${result.year} 年日历：节假日 ${result.holidays} 天，调休上班日 ${result.workdays} 天`,
      );
      return 0;
    }
    case 'seed': {
      const seeded = await withStore((store) => store.seedFromChineseDays());
      console.log(seeded.length ? `已导入 ${seeded.join('、')} 年日历` : '数据库已有 chinese-days 覆盖的全部年份，未做改动');
      return 0;
    }
    case 'export': {
      const [, year] = options.positional;
      if (!year || !/^\d{4}$/.test(year)) throw new UsageError('需要一个参数：四位年份');
      const data = await withStore((store) => store.exportYear(Number(year)));
      if (!data) {
        console.error(`数据库中没有 ${year} 年的日历`);
        return 1;
      }
      console.log(JSON.stringify(data, null, 2));
      return 0;
    }
    default:
      throw new UsageError(command ? `未知命令：${command}` : '');
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      if (err.message) console.error(err.message);
      console.error(USAGE);
      process.exitCode = 2;
    } else {
      console.error((err as Error).message ?? String(err));
      process.exitCode = 1;
    }
  },
);
