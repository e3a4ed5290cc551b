import { ConflictException, Inject, Injectable, Logger, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { isGrpcServiceError } from '@temporalio/client';
import Long from 'long';
import { API_CONFIG, type ApiConfig } from '../config';
import type { AuthenticatedUser } from '../auth/roles';

const DAY_SECONDS = 24 * 3600;
/** gRPC status codes the engine answers with (grpc-js's `status` enum, without importing grpc-js here). */
const INVALID_ARGUMENT = 3;
const UNIMPLEMENTED = 12;

/**
 * The engine's virtual clock, through Temporal's TestService on its own connection (the API's shared one
 * is made without it). The engine runs with skipping locked (the launcher starts it so); an advance lets
 * the lock go for the duration and the engine takes it back (UnlockTimeSkippingWithSleep), firing every
 * timer due on the way, in order, each one's work settled before the next.
 *
 * One advance at a time: a second one while the first is running is refused (409), not queued — a drill
 * leader who clicks twice should not move the clock twice without seeing the first result.
 */
@Injectable()
export class DevClockService implements OnApplicationShutdown {
  private readonly log = new Logger('DevClock');
  private readonly connection: Connection;
  private running: { by: string; days: number } | undefined;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    // The same engine, address and credentials as the API's own connection.
    const options: InternalConnectionOptions = {
      address: config.temporal.address,
      ...config.temporal.connection,
      channelArgs: { 'grpc.max_reconnect_backoff_ms': 5_000 },
      [InternalConnectionOptionsSymbol]: { supportsTestService: true },
    };
    this.connection = Connection.lazy(options);
  }

  async now(): Promise<Date> {
    const { time } = await this.call(() => this.testService().getCurrentTime({}));
    return new Date(Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6));
  }

  async advance(days: number, user: AuthenticatedUser): Promise<{ advancedDays: number; now: string }> {
    if (this.running) {
      throw new ConflictException(`虚拟时钟正由 ${this.running.by} 推进 ${this.running.days} 天，请等其完成后再推进`);
    }
    this.running = { by: user.name || user.userId, days };
    try {
      const from = await this.now();
      await this.call(() => this.testService().unlockTimeSkippingWithSleep({ duration: { seconds: Long.fromNumber(days * DAY_SECONDS) } }));
      const to = await this.now();
      // The audit of who moved every deadline of the installation, by how much (one JSON line, kept with the API's log).
      this.log.warn({ event: 'dev_clock_advanced', userId: user.userId, userName: user.name, days, from: from.toISOString(), to: to.toISOString(), msg: `演练时钟：${user.name}（${user.userId}）推进 ${days} 天，${from.toISOString()} → ${to.toISOString()}` });
      return { advancedDays: days, now: to.toISOString() };
    } finally {
      this.running = undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }

  private testService(): NonNullable<Connection['testService']> {
    return this.connection.testService!;
  }

  /** The engine's refusals, in words a drill leader can act on. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === UNIMPLEMENTED) {
        throw new ServiceUnavailableException('工作流引擎没有虚拟时钟：演练时钟只能用于以 GONGKAI_DEV_CLOCK=1 启动的内置引擎（npm start）', { cause: err });
      }
      if (isGrpcServiceError(err) && err.code === INVALID_ARGUMENT && /not locked/.test(err.details)) {
        throw new ConflictException('引擎的虚拟时钟未处于锁定状态，无法按天推进：请用 npm start（GONGKAI_DEV_CLOCK=1）重新启动，由启动器锁定时钟', { cause: err });
      }
      if (isGrpcServiceError(err)) {
        throw new ServiceUnavailableException(`暂时无法连接工作流引擎的虚拟时钟，请稍后重试（${err.details}）`, { cause: err });
      }
      throw err;
    }
  }
}
