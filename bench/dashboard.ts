/**
 * GET /dashboard through HTTP with 100,000 items in the read model. Target
 * from issue 10: p95 ≤ 30 ms. Prints figures; asserts nothing.
 *
 *   npm run bench:dashboard
 *   npm run bench:dashboard -- --items 100000 --requests 200
 *
 * A scratch embedded PostgreSQL (durable defaults, as `npm start` runs it) in a
 * temporary folder, the migrations, the demo organisation and its calendar,
 * then the synthetic organisation of bench/support/publication-read-model.ts:
 * 14 sections, items spread over five years (in flight in the last 30 days,
 * published 1–13 days after creation, 成文日期 two days before it). The API runs
 * without a workflow engine: the dashboard reads only the read model.
 * Sequential requests after a warm-up, as 政务公开办 and a 分管领导: cold (a new
 * range each time, so every request runs the queries) and as used (the same
 * board again: the service reuses an answer for 15 s).
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { createApiApp } from '../apps/api/src/api-app';
import { signToken } from '../apps/api/src/auth/tokens';
import { loadApiConfig } from '../apps/api/src/config';
import { createDataSource, runMigrations } from '@gongkai/persistence/data-source';
import { startEmbeddedPostgres } from '@gongkai/persistence/embedded-postgres';
import { DEMO_USERS, seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { percentile, say } from './support/figures';
import { fillReadModel } from './support/publication-read-model';

const TARGET_MS = 30;

function parseArgs(argv: string[]): { items: number; requests: number } {
  const o = { items: 100_000, requests: 200 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key !== 'items' && key !== 'requests') throw new Error(`unknown option ${argv[i]} (--items N, --requests N)`);
    const v = Number(argv[++i]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${key} needs a positive whole number`);
    o[key] = v;
  }
  return o;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const step of stops.reverse()) await step().catch((err: unknown) => say(`stop: ${(err as Error).message}`));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-dashboard-'));
  fs.chmodSync(home, 0o755);
  stops.push(async () => fs.rmSync(home, { recursive: true, force: true }));
  try {
    say(`dashboard bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(home, 'postgres') });
    stops.push(() => pg.stop());
    await runMigrations(pg.url);
    const dataSource = createDataSource(pg.url);
    await dataSource.initialize();
    stops.push(() => dataSource.destroy());
    await seedDemoOrganisation(dataSource);

    const pool = new Pool({ connectionString: pg.adminUrl, max: 2 });
    stops.push(() => pool.end());
    const filled = await fillReadModel(pool, options.items);
    say(`read model: ${filled.publications} items (${Object.entries(filled.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}) in ${filled.seconds.toFixed(1)} s`);

    const secret = `bench-${Math.random().toString(36).slice(2)}-${Date.now()}-secret-padding`;
    const config = loadApiConfig({
      DATABASE_URL: pg.url,
      // Never connected: the dashboard needs no workflow engine.
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      LOG_LEVEL: 'silent',
      GONGKAI_HOME: home,
      AUTH_JWT_SECRET: secret,
    });
    const app = await createApiApp(config, { dataSource });
    await app.listen({ port: 0, host: '127.0.0.1' });
    stops.push(() => app.close());
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const tokenOf = (id: string) => {
      const u = DEMO_USERS.find((d) => d.id === id)!;
      return signToken({ username: u.id, name: u.name, departmentId: u.departmentId, roles: u.roles }, secret, '2h');
    };
    const [zhaomin, wangqiang] = await Promise.all([tokenOf('zhaomin'), tokenOf('wangqiang')]);

    const year = new Date().getFullYear();
    // Cold: each request a range not asked before (the service reuses an answer for 15 s), so every one runs the queries.
    say();
    say(`GET /dashboard, cold (a different range each request, nothing reused) — ${options.requests} sequential requests per row after 20 warm-up`);
    for (const [label, department, token] of [
      ['this year, every department', '', zhaomin],
      ['this year, one department', '&department=bench03', wangqiang],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < options.requests + 20; i++) {
        // From 1 January, ending a different day each time (the last 220 days).
        const to = new Date(Date.now() - i * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
        const from = to < `${year}-01-01` ? `${year - 1}-01-01` : `${year}-01-01`;
        const t0 = performance.now();
        const res = await fetch(`${baseUrl}/dashboard?from=${from}&to=${to}${department}`, { headers: { authorization: `Bearer ${token}` } });
        await res.text();
        if (res.status !== 200) throw new Error(`cold ${label}: ${res.status}`);
        if (i >= 20) samples.push(performance.now() - t0);
      }
      const s = samples.sort((a, b) => a - b);
      say(`  ${label.padEnd(44)} p50 ${percentile(s, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(s, 95).toFixed(1).padStart(6)} ms   p99 ${percentile(s, 99).toFixed(1).padStart(6)} ms`);
    }
    const scenarios: [string, string, string][] = [
      ['this year, every department (the default)', '/dashboard', zhaomin],
      ['this year, one department', '/dashboard?department=bench03', wangqiang],
      ['last year, every department', `/dashboard?from=${year - 1}-01-01&to=${year - 1}-12-31`, zhaomin],
      ['five years, every department', `/dashboard?from=${year - 5}-01-01`, zhaomin],
    ];
    say();
    say(`GET /dashboard as a leader opens the board (the same range again; the answer is reused for 15 s) — ${options.requests} sequential requests per row after 20 warm-up; target p95 ≤ ${TARGET_MS} ms`);
    for (const [label, url, token] of scenarios) {
      const samples: number[] = [];
      let published = 0;
      for (let i = 0; i < options.requests + 20; i++) {
        const t0 = performance.now();
        const res = await fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { departments?: { published: number }[] };
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
        published = (body.departments ?? []).reduce((sum, d) => sum + d.published, 0);
        if (i >= 20) samples.push(ms);
      }
      const s = samples.sort((a, b) => a - b);
      const p95 = percentile(s, 95);
      say(
        `  ${label.padEnd(44)} p50 ${percentile(s, 50).toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms   p99 ${percentile(s, 99).toFixed(1).padStart(6)} ms   (${published} published in range)${p95 > TARGET_MS ? '  ABOVE TARGET' : ''}`,
      );
    }
  } finally {
    await stopAll();
  }
}

main().catch((err: unknown) => {
  say(`dashboard bench failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});
