/**
 * The engines the suite runs against, in this process, on one throw-away embedded PostgreSQL (one schema each):
 *   main           127.0.0.1:7233 — the SDK's default address: test-schedules and test-sinks connect there without
 *                  asking TEMPORAL_SERVICE_ADDRESS
 *   codec          a second engine for the files whose workers run a payload codec
 *   time-skipping  virtual clock, started with its lock held, as Temporal's Java test server starts; the
 *                  suite's createTimeSkipping() is pointed here (preload.js)
 * No API key: the suite's clients send none.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startEmbeddedTemporal, type RunningEmbeddedTemporal } from '@gongkai/embedded-temporal';
import { startEmbeddedPostgres, type RunningPostgres } from '@gongkai/persistence/embedded';
import type { EngineName } from './test-files';

/** The custom search attributes the suite expects on a dev server (test-helpers' defaultSAKeys / registerDefaultCustomSearchAttributes). */
const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
export const DEFAULT_SEARCH_ATTRIBUTES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  CustomIntField: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  CustomBoolField: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  CustomKeywordField: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  CustomTextField: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  CustomDatetimeField: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  CustomDoubleField: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};

export interface SuiteEngines {
  addresses: Record<EngineName, string>;
  stop(): Promise<void>;
}

export async function startSuiteEngines(options: { dataDir: string; mainPort: number; log: (line: string) => void }): Promise<SuiteEngines> {
  fs.rmSync(options.dataDir, { recursive: true, force: true });
  fs.mkdirSync(options.dataDir, { recursive: true });
  const started: RunningEmbeddedTemporal[] = [];
  let postgres: RunningPostgres | undefined;
  const stop = async () => {
    for (const engine of started.reverse()) await engine.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    fs.rmSync(options.dataDir, { recursive: true, force: true });
  };
  try {
    postgres = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'postgres') });
    const url = postgres.url;
    const main = await startEmbeddedTemporal({ databaseUrl: url, schema: 'sdk_suite', port: options.mainPort });
    started.push(main);
    const codec = await startEmbeddedTemporal({ databaseUrl: url, schema: 'sdk_suite_codec', port: 0 });
    started.push(codec);
    const skipping = await startEmbeddedTemporal({ databaseUrl: url, schema: 'sdk_suite_time_skipping', port: 0, timeSkipping: true, timeSkippingLocked: true });
    started.push(skipping);
    const addresses: Record<EngineName, string> = { main: main.address, codec: codec.address, 'time-skipping': skipping.address };
    for (const address of Object.values(addresses)) await registerSearchAttributes(address);
    options.log(`engines: main ${addresses.main}, codec ${addresses.codec}, time-skipping ${addresses['time-skipping']} (search attributes ${Object.keys(DEFAULT_SEARCH_ATTRIBUTES).join(', ')})`);
    return { addresses, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function registerSearchAttributes(address: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: DEFAULT_SEARCH_ATTRIBUTES });
  } finally {
    await connection.close();
  }
}
