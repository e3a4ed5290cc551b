import { Module } from '@nestjs/common';
import { ContentScreening } from '@gongkai/domain';
import { PoliciesController } from './policies.controller';
import { PolicyWorkflows } from './policy-workflows';
import { PolicyService } from './policy.service';

/** Policy interpretation (政策解读): packages, co-drafting, the gate and the bundle's submission. */
@Module({
  controllers: [PoliciesController],
  providers: [
    // The worker's screening (its default dictionary), built once: the automaton is made in the constructor.
    { provide: ContentScreening, useFactory: () => new ContentScreening() },
    PolicyWorkflows,
    PolicyService,
  ],
})
export class PolicyModule {}
