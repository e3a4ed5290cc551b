import { Module } from '@nestjs/common';
import { DevClockController } from './dev-clock.controller';
import { DevClockService } from './dev-clock.service';

/** The drill clock; ApiModule mounts it only when GONGKAI_DEV_CLOCK is on (see api.module.ts). */
@Module({ controllers: [DevClockController], providers: [DevClockService] })
export class DevClockModule {}
