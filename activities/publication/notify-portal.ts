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
import type { EntityManager } from 'typeorm';
import type { PublicationActivities } from '../../libs/contracts/src/publication';
import type { PublicationContext } from './publication-context';

type PortalEvent = 'published' | 'retracted';

export function notifyPortalActivity(ctx: PublicationContext): PublicationActivities['notifyPortal'] {
  return async ({ publicationId, indexNumber, event }) => {
    const key = `${publicationId}:${event}`;
    const url = ctx.portalWebhookUrl;
    if (!url) {
      await ctx.ds.query(
        `INSERT INTO portal_deliveries (idempotency_key, publication_id, event, status, last_error)
         VALUES ($1, $2, $3, 'skipped', '未配置门户接口（PORTAL_WEBHOOK_URL）') ON CONFLICT (idempotency_key) DO NOTHING`,
        [key, publicationId, event],
      );
      return;
    }
    const failure = await ctx.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO portal_deliveries (idempotency_key, publication_id, event, status, url)
         VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (idempotency_key) DO NOTHING`,
        [key, publicationId, event, url],
      );
      const [row]: { status: string }[] = await m.query(
        'SELECT status FROM portal_deliveries WHERE idempotency_key = $1 FOR UPDATE',
        [key],
      );
      if (row.status === 'delivered') return undefined;
      const body = await payload(m, publicationId, indexNumber, event);
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
      await m.query(
        `UPDATE portal_deliveries SET
           status = $2, attempts = attempts + 1, url = $3, response_status = $4, last_error = $5,
           delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END, updated_at = now()
         WHERE idempotency_key = $1`,
        [key, problem ? 'failed' : 'delivered', url, status ?? null, problem ?? null],
      );
      return problem;
    });
    // Thrown after the commit, so the failed attempt stays on record.
    if (failure) throw ApplicationFailure.retryable(failure, 'PortalDeliveryFailed');
  };
}

async function payload(m: EntityManager, publicationId: string, indexNumber: string, event: PortalEvent) {
  const [entry]: Record<string, unknown>[] = await m.query(
    `SELECT index_number AS "indexNumber", title, body, body_format AS "bodyFormat",
            organisation_name AS "organisationName", department_name AS "departmentName",
            category, category_name AS "categoryName", parent_category_name AS "parentCategoryName",
            document_number AS "documentNumber", written_date::text AS "writtenDate", published_at AS "publishedAt",
            validity, disclosure_method AS "disclosureMethod", scope, status,
            withdrawn_at AS "withdrawnAt", withdrawn_reason AS "withdrawnReason", attachments
       FROM catalog_entries WHERE publication_id = $1`,
    [publicationId],
  );
  return { event, publicationId, indexNumber, entry: entry ?? null };
}
