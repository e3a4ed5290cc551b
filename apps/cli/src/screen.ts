/**
 * 内容筛查命令行 — screens a draft file the way the review workflow does before
 * the first review, and prints the findings as one JSON array on stdout
 * (kind, severity, text, start, end, suggestion); messages go to stderr.
 *
 *   npm run -s screen -- <file> [--format text|html] [--dictionary <dict.json>]
 *
 * Exit codes: 0 nothing blocks publication, 1 something blocks, 2 usage error.
 */
import * as fs from 'node:fs';
import { ContentScreening, type ScreeningOptions, type SourceFormat, blocks, parseScreeningConfig } from '@gongkai/domain';

const USAGE = `用法：npm run -s screen -- <文件> [--format text|html] [--dictionary <词典.json>]
  文件为纯文本或 HTML（按扩展名 .html/.htm 或内容自动识别）
  --dictionary 指定本单位词典与领导职务表，格式见 docs/screening.md
退出码：0 无阻断项，1 有阻断项（个人信息、密级标志），2 用法错误`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { file: string; format: SourceFormat; dictionary?: string } {
  let file: string | undefined;
  let format: SourceFormat = 'auto';
  let dictionary: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--format') {
      const value = argv[++i];
      if (value !== 'text' && value !== 'html') throw new UsageError('--format 只能是 text 或 html');
      format = value;
    } else if (arg === '--dictionary') {
      dictionary = argv[++i];
      if (!dictionary) throw new UsageError('--dictionary 后须给出文件路径');
    } else if (arg === '-h' || arg === '--help') {
      throw new UsageError('');
    } else if (arg.startsWith('--')) {
      throw new UsageError(`未知选项：${arg}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageError('只能筛查一个文件');
    }
  }
  if (!file) throw new UsageError('请给出要筛查的文件');
  if (format === 'auto' && /\.html?$/i.test(file)) format = 'html';
  return { file, format, dictionary };
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`无法读取文件：${file}`);
  }
}

function main(argv: string[]): number {
  const args = parseArgs(argv);
  let options: ScreeningOptions = {};
  if (args.dictionary) {
    try {
      options = parseScreeningConfig(JSON.parse(read(args.dictionary)));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const findings = new ContentScreening(options).screen(read(args.file), args.format);
  const output = findings.map(({ kind, severity, text, start, end, suggestion }) => ({
    kind,
    severity,
    text,
    start,
    end,
    suggestion,
  }));
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  const blocking = findings.filter((f) => f.severity === 'block').length;
  console.error(
    blocking
      ? `发现 ${findings.length} 项问题，其中 ${blocking} 项阻断发布（个人信息或密级标志），须处理后才能送审`
      : findings.length
        ? `发现 ${findings.length} 项提示，确认后可送审`
        : '未发现问题',
  );
  return blocks(findings) ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    if (err.message) console.error(err.message);
    console.error(USAGE);
    process.exitCode = 2;
  } else {
    console.error((err as Error).message);
    process.exitCode = 2;
  }
}
