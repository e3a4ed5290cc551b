import { Inject, Injectable } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../config';
import { DatabaseReadiness } from '../database/database-readiness';
import { TemporalReadiness } from '../temporal/temporal-readiness';
import { runDependencyCheck } from './dependency-check';
import type { ReadinessDto } from './health.dto';

/** Checks every dependency in parallel; ready only when all are up. */
@Injectable()
export class ReadinessService {
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
    const checks = { database, temporal };
    const ready = Object.values(checks).every((c) => c.status === 'up');
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}
