import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Readiness probe: one round trip through the same pool the API's queries use. */
@Injectable()
export class DatabaseReadiness {
  constructor(private readonly dataSource: DataSource) {}

  async probe(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
