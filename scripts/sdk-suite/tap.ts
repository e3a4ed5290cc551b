/**
 * Reads what `ava --tap` printed for one test file. Ava 5 writes one line per test:
 *   ok 3 - title                 passed
 *   not ok 4 - title             failed (followed by an indented YAML block with the reason)
 *   ok 5 - title # SKIP          skipped (test.skip, or a suite-level noopTest)
 *   not ok 6 - title # TODO      a todo, neither passed nor failed
 * Hook failures, uncaught exceptions and timeouts also come as `not ok` lines, so they count as failures
 * under their own title ("before hook", "Error: Channel has been shut down", …). When ava's inactivity timeout
 * fires it reports every pending test as failed, and those tests may fail again when they are torn down: a title
 * counts once, with its first reason.
 */

export interface TapFailure {
  title: string;
  /**
   * The YAML block's `message:`, or when that says only that the test's promise was rejected (or there is none),
   * the first of its `values:` flattened to one line (the rejection: `ActivityCompletionError { message: … }`).
   */
  message?: string;
}

/** ava's own words for "the test threw": the reason is in `values`. */
const GENERIC = /^(Rejected promise returned by test|Error thrown in test)$/;

export interface TapCounts {
  passed: number;
  failed: number;
  skipped: number;
  todo: number;
  failures: TapFailure[];
  /** A `1..N` plan line was seen: ava got as far as its summary (a crashed worker never prints one). */
  complete: boolean;
}

const RESULT = /^(not ok|ok)\b\s*\d*\s*(?:-\s*)?(.*)$/;
const DIRECTIVE = /\s#\s*(SKIP|TODO)\b.*$/i;

export function parseTap(output: string): TapCounts {
  const counts: TapCounts = { passed: 0, failed: 0, skipped: 0, todo: 0, failures: [], complete: false };
  let lastFailure: TapFailure | undefined;
  const failedTitles = new Set<string>();
  let inYaml = false;
  let message: string | undefined;
  let section = '';
  let value: string[] | undefined;
  let valueOpen = false;
  const closeYaml = () => {
    inYaml = false;
    if (!lastFailure) return;
    const detail = value?.length ? value.join(' ').replace(/\s+/g, ' ').trim() : undefined;
    lastFailure.message = message && !(GENERIC.test(message) && detail) ? message : detail ?? message;
  };
  for (const raw of output.split(/\r?\n/)) {
    if (inYaml) {
      if (/^\s+\.\.\.\s*$/.test(raw)) {
        closeYaml();
        continue;
      }
      const top = /^ {4}(\w[\w ]*):\s*(.*)$/.exec(raw);
      if (top) {
        section = top[1];
        valueOpen = false;
        if (section === 'message') message = unquote(top[2]);
        continue;
      }
      if (section !== 'values') continue;
      // The first entry under `values:` ("      'label': |-" then its deeper lines): what the test was rejected with.
      if (value === undefined) {
        const entry = /^ {6}(?:'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s'"][^:]*):\s*(?:\|-|>-|\||>)?\s*(.*)$/.exec(raw);
        if (entry) {
          value = entry[1] ? [unquote(entry[1]) ?? entry[1]] : [];
          valueOpen = true;
        }
      } else if (valueOpen && raw.startsWith(' '.repeat(7))) value.push(raw.trim());
      else valueOpen = false;
      continue;
    }
    if (/^\s+---\s*$/.test(raw)) {
      inYaml = true;
      message = undefined;
      section = '';
      value = undefined;
      continue;
    }
    if (/^1\.\.\d+\s*$/.test(raw)) {
      counts.complete = true;
      continue;
    }
    const match = RESULT.exec(raw);
    if (!match) continue;
    const ok = match[1] === 'ok';
    const directive = DIRECTIVE.exec(match[2]);
    const title = match[2].replace(DIRECTIVE, '').trim();
    lastFailure = undefined;
    if (directive?.[1].toUpperCase() === 'SKIP') counts.skipped++;
    else if (directive?.[1].toUpperCase() === 'TODO') counts.todo++;
    else if (ok) counts.passed++;
    else if (!failedTitles.has(title)) {
      failedTitles.add(title);
      counts.failed++;
      lastFailure = { title };
      counts.failures.push(lastFailure);
    }
  }
  return counts;
}

/** YAML scalars in ava's blocks are plain, or single/double quoted; '|-' starts a block we do not follow. */
function unquote(value: string): string | undefined {
  const v = value.trim();
  if (v === '' || v === '|-' || v === '>-' || v === '|' || v === '>') return undefined;
  if (v.endsWith("',") || v.endsWith('",')) return unquote(v.slice(0, -1));
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v.slice(1, -1);
    }
  }
  return v;
}
