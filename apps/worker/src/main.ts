/**
 * `npm run start:worker`: the gongkai Temporal worker as its own process
 * (production and docker-compose). Stops cleanly on SIGINT/SIGTERM: the
 * worker finishes its in-flight tasks, then the process exits.
 */
import * as path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createDataSource, ActorSigner } from '@gongkai/persistence';
import { ConfigError, loadWorkerConfig, readProcessEnv } from '@gongkai/config';
import { createGongkaiWorker, installWorkerRuntime, nativeConnectionOptions, runWorker } from './gongkai-worker';
import { workflowBundlePath } from './workflow-bundle';

async function main(): Promise<void> {
  const config = loadWorkerConfig(readProcessEnv());
  installWorkerRuntime(config.logLevel);
  const dataSource = createDataSource(config.databaseUrl);
  await dataSource.initialize();
  const connection = await NativeConnection.connect(nativeConnectionOptions(config.temporal.address, config.temporal.connection));
  const worker = await createGongkaiWorker({
    connection,
    namespace: config.temporal.namespace,
    dataSource,
    workflowBundlePath: await workflowBundlePath(path.join(config.gongkaiHome, 'cache')),
    actorKey: ActorSigner.forInstallation(config.gongkaiHome, config.actorSigningKey).publicKey,
    portalWebhookUrl: config.portalWebhookUrl,
    interpretations: config.interpretations,
    consultationFeedback: config.consultationFeedback,
  });
  const running = runWorker(worker);
  const stop = () => void running.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`gongkai worker 已启动：${config.temporal.address} / ${config.temporal.namespace}\n`);
  await running.done;
  await connection.close();
  await dataSource.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `worker 启动失败: ${(err as Error).message}`}\n`);
  process.exit(1);
});
