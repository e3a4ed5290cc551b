/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * GetWorkflowExecutionHistory: pages of stored events, and the long poll for
 * new events or for the close event alone (how handle.result() waits).
 * Events go out as the bytes stored, never decoded and re-encoded.
 */
import { toNumber, withRawHistory } from '../codec';
import type { HistoryNotifier } from './history-notifier';
import type { RunCache } from './run-cache';
import type { EngineStore } from './store';

/** temporal.api.enums.v1.HistoryEventFilterType */
const FILTER_CLOSE_EVENT = 2;
const DEFAULT_PAGE_SIZE = 1000;

export class HistoryService {
  constructor(
    private readonly cache: RunCache,
    private readonly store: EngineStore,
    private readonly notifier: HistoryNotifier,
    private readonly isStopped: () => boolean,
  ) {}

  async history(req: any, waitMs: number): Promise<object> {
    const namespace = req.namespace || 'default';
    let s = await this.cache.findRun(namespace, req.execution);
    const closeOnly = toNumber(req.historyEventFilterType) === FILTER_CLOSE_EVENT;
    const wait = !!req.waitNewEvent;
    const token = req.nextPageToken?.length ? JSON.parse(Buffer.from(req.nextPageToken).toString()) as { r: string; n: number } : undefined;
    if (token && token.r !== s.runId) {
      s = (await this.cache.load(namespace, token.r)) ?? s;
    }
    const deadline = Date.now() + waitMs;
    if (closeOnly) {
      while (wait && s.status === 'Running' && Date.now() < deadline && !this.isStopped()) {
        await this.notifier.wait(s.runId, deadline - Date.now());
        s = (await this.cache.load(namespace, s.runId)) ?? s;
      }
      if (s.status === 'Running' || !s.closeEventId) return { history: { events: [] }, nextPageToken: Buffer.alloc(0) };
      const data = await this.cache.closeEvent(s);
      return withRawHistory({}, data ? [data] : []);
    }
    const pageSize = toNumber(req.maximumPageSize) > 0 ? toNumber(req.maximumPageSize) : DEFAULT_PAGE_SIZE;
    const from = token?.n ?? 1;
    let rows = await this.store.readEvents(s.runId, from, pageSize);
    while (wait && rows.length === 0 && s.status === 'Running' && Date.now() < deadline && !this.isStopped()) {
      await this.notifier.wait(s.runId, deadline - Date.now());
      s = (await this.cache.load(namespace, s.runId)) ?? s;
      rows = await this.store.readEvents(s.runId, from, pageSize);
    }
    const last = rows.length ? rows[rows.length - 1].eventId : from - 1;
    const current = this.cache.runs.get(s.runId) ?? s;
    // A long poll on an open run always gets a next page: the events it waits for come later.
    const more = last < current.nextEventId - 1 || (wait && current.status === 'Running');
    return withRawHistory(
      { nextPageToken: more ? Buffer.from(JSON.stringify({ r: s.runId, n: last + 1 })) : Buffer.alloc(0) },
      rows.map((r) => r.data),
    );
  }
}
