/**
 * Which of packages/test's files the runner runs, and against which engine. The default set is the files that
 * need only a Temporal server (reached through TEMPORAL_SERVICE_ADDRESS or the SDK's default localhost:7233);
 * `--all` adds the files that connect to a server but test mostly the SDK itself or features the engine leaves
 * UNIMPLEMENTED on purpose. The rest are never run; EXCLUDED says why, so nobody has to rediscover it.
 */

export type EngineName = 'main' | 'codec' | 'time-skipping';

export interface SuiteFile {
  file: string;
  /** Where TEMPORAL_SERVICE_ADDRESS points for this file (createTimeSkipping always goes to the time-skipping engine). */
  engine: EngineName;
}

const main = (file: string): SuiteFile => ({ file, engine: 'main' });

export const DEFAULT_FILES: readonly SuiteFile[] = [
  main('test-async-completion'),
  // A worker with a payload codec on an engine of its own: encoded payloads never share state with plain runs.
  { file: 'test-custom-payload-codec', engine: 'codec' },
  main('test-custom-payload-converter'),
  main('test-default-activity'),
  main('test-integration-activities'),
  main('test-integration-cancellation-scopes'),
  main('test-integration-extstore'),
  main('test-integration-patch-activation-callback'),
  main('test-integration-replay-and-flags'),
  main('test-integration-reserved-prefixes'),
  main('test-integration-split-one'),
  main('test-integration-split-two'),
  main('test-integration-split-three'),
  main('test-integration-update'),
  main('test-integration-update-interceptors'),
  main('test-integration-workflow-start'),
  main('test-integration-workflows-with-recorded-logs'),
  main('test-interceptors'),
  main('test-local-activities'),
  main('test-patch-and-condition'),
  main('test-payload-converter'),
  main('test-random-stream-reset'),
  main('test-schedules'),
  main('test-serialization-context'),
  main('test-signals-are-always-delivered'),
  main('test-sinks'),
  { file: 'test-testenvironment', engine: 'time-skipping' },
  main('test-typed-search-attributes'),
  main('test-worker-lifecycle'),
  main('test-workflow-cancellation'),
  main('test-workflow-fail-on-errors-policy'),
];

/** With --all: server-connected, but about the SDK itself or about features deliberately left out. */
export const EXTRA_FILES: readonly SuiteFile[] = [
  main('test-bundler'),
  main('test-isolation'),
  main('test-metrics-custom'),
  main('test-runtime'),
  { file: 'test-serialization-context-codec', engine: 'codec' },
  main('test-standalone-activities'),
  main('test-worker-debug-mode'),
  main('test-worker-deployment-versioning'),
  main('test-worker-exposes-abortcontroller'),
  main('test-worker-exposes-textencoderdecoder'),
  main('test-worker-no-activities'),
  main('test-worker-no-workflows'),
  main('test-worker-versioning'),
  main('test-workflow-unhandled-rejection-crash'),
];

/** Never run, and why (the file names are the checkout's; files with no server at all are simply not listed). */
export const EXCLUDED: Readonly<Record<string, string>> = {
  'test-client-errors': 'downloads the dev server (createLocal)',
  'test-default-workflow': 'downloads the dev server (createLocal)',
  'test-ephemeral-server': 'tests the dev-server and Java test-server downloads themselves',
  'test-failure-converter': 'downloads the dev server (createLocal)',
  'test-integration-envconfig': 'downloads the dev server (createLocal with a namespace)',
  'test-integration-workflow-info': 'part of it downloads the dev server (createLocal)',
  'test-native-connection': 'part of it downloads the dev server (createLocal)',
  'test-payload-size-limits': 'downloads the dev server with its own dynamic config',
  'test-plugins': 'downloads the dev server; needs @temporalio/plugin built from the monorepo',
  'test-runtime-otel': 'downloads the dev server; needs OpenTelemetry packages',
  'test-runtime-prometheus': 'downloads the dev server',
  'test-signal-query-patch': 'downloads the dev server (createLocal)',
  'test-worker-connection-replacement': 'downloads the dev server (createLocal)',
  'test-worker-poller-autoscale': 'downloads the dev server (createLocal)',
  'test-workflow-log-interceptor': 'downloads the dev server (createLocal)',
  'test-workflow-async-local-storage': 'needs @temporalio/interceptors-opentelemetry built from the monorepo',
  'test-nyc-coverage': 'needs @temporalio/nyc-test-coverage built from the monorepo',
  'test-temporal-cloud': 'needs Temporal Cloud credentials',
  'test-lambda-worker': 'needs @temporalio/lambda-worker built from the monorepo',
  'test-client-connection': 'needs the sdk-core submodule protos and its own TLS servers',
  'test-native-connection-headers': 'needs the sdk-core submodule protos',
  'test-nexus-*': 'Nexus (the engine answers its RPCs UNIMPLEMENTED)',
  'test-integration-extstore-nexus': 'Nexus',
  'test-workflow-nexus-cancellation': 'Nexus',
  'test-worker-tuner': 'its Nexus slot tests need Nexus',
};

/** The files to run: the default set, or with `all` the extra ones too; `only` (names with or without test- / .ts) narrows it. */
export function selectFiles(options: { all?: boolean; only?: readonly string[] }): SuiteFile[] {
  const pool = options.all ? [...DEFAULT_FILES, ...EXTRA_FILES] : [...DEFAULT_FILES];
  if (!options.only?.length) return pool;
  const wanted = options.only.map(normaliseName);
  const known = new Map([...DEFAULT_FILES, ...EXTRA_FILES].map((f) => [f.file, f]));
  return wanted.map((name) => known.get(name) ?? main(name));
}

export function normaliseName(name: string): string {
  const base = name.replace(/^.*\//, '').replace(/\.(ts|js)$/, '');
  return base.startsWith('test-') ? base : `test-${base}`;
}
