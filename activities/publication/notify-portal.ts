/**
 * notifyPortal: announces a published or retracted item to the portal webhook.
 * Every call is recorded in portal_deliveries under the key
 * `<publicationId>:<event>`, which is also sent as the `Idempotency-Key` header.
 *
 * Once a key is delivered it is never sent again. The delivery row is locked
 * while the request is in flight, so two concurrent attempts cannot both post;
 * if the worker dies after the portal answered but before the commit, the retry
 * posts again with the same key and the portal deduplicates.
 * A non-2xx answer or a network error is recorded and thrown: Temporal retries.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PublicationActivities } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';

export function notifyPortalActivity(ctx: PublicationContext): PublicationActivities['notifyPortal'] {
  const { portalDeliveries, catalogue } = ctx.repositories;
  return async ({ publicationId, indexNumber, event }) => {
    const key = `${publicationId}:${event}`;
    const delivery = { idempotencyKey: key, publicationId, event };
    const url = ctx.portalWebhookUrl;
    if (!url) {
      await portalDeliveries.skip(delivery, '未配置门户接口（PORTAL_WEBHOOK_URL）');
      return;
    }
    const failure = await ctx.ds.transaction(async (m) => {
      if ((await portalDeliveries.in(m).lock(delivery, url)) === 'delivered') return undefined;
      const entry = await catalogue.in(m).portalEntry(publicationId);
      const body = { event, publicationId, indexNumber, entry: entry ?? null };
      let status: number | undefined;
      let problem: string | undefined;
      try {
        const res = await ctx.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(ctx.options.portalTimeoutMs ?? 15_000),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (!res.ok) problem = `门户接口返回 HTTP ${res.status}`;
      } catch (err) {
        problem = `门户接口不可达：${(err as Error).message}`;
      }
      await portalDeliveries.in(m).recordAttempt(key, url, { responseStatus: status ?? null, problem: problem ?? null });
      return problem;
    });
    // Thrown after the commit, so the failed attempt stays on record.
    if (failure) throw ApplicationFailure.retryable(failure, 'PortalDeliveryFailed');
  };
}
