import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * Nest closes the HTTP server last, after providers have closed the database
 * pool and the Temporal connection. Closing it first lets requests in flight
 * finish with their dependencies still open.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.adapterHost.httpAdapter?.close();
  }
}
