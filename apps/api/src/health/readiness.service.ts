import { Inject, Injectable, Logger } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../config';
import { DatabaseReadiness } from '../database/database-readiness';
import { TemporalReadiness } from '../temporal/temporal-readiness';
import { runDependencyCheck, type DependencyCheckDto } from './dependency-check';
import type { ReadinessDto } from './health.dto';

/**
 * Checks every dependency in parallel; ready only when all are up. /readyz is
 * public, so a failure is reported by kind only; the dependency's own error
 * (addresses, driver messages) goes to the log.
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger('Readiness');

  constructor(
    private readonly database: DatabaseReadiness,
    private readonly temporal: TemporalReadiness,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async check(): Promise<ReadinessDto> {
    const timeout = this.config.readinessTimeoutMs;
    const [database, temporal] = await Promise.all([
      runDependencyCheck(() => this.database.probe(), timeout),
      runDependencyCheck(() => this.temporal.probe(), timeout),
    ]);
    const checks = { database: this.published('database', database), temporal: this.published('temporal', temporal) };
    const ready = Object.values(checks).every((c) => c.status === 'up');
    return { status: ready ? 'ready' : 'not_ready', checks };
  }

  private published(name: string, check: DependencyCheckDto): DependencyCheckDto {
    if (check.status === 'up') return check;
    this.logger.warn(`${name} not ready: ${check.error ?? ''}`);
    return { ...check, error: `${name === 'database' ? '数据库' : 'Temporal'}不可用或未在 ${this.config.readinessTimeoutMs} 毫秒内响应（详情见服务日志）` };
  }
}
