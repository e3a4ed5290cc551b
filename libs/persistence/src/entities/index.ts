import { SystemStart } from './system-start.entity';
import { domainEntities } from './domain.entities';
import { publicationEntities } from './publication.entities';
import { signInEntities } from './sign-in.entities';
import { policyEntities } from './policy.entities';
import { consultationEntities } from './consultation.entities';
import { disclosureRequestEntities } from './disclosure-request.entities';

export { SystemStart };
export * from './domain.entities';
export * from './publication.entities';
export * from './sign-in.entities';
export * from './policy.entities';
export * from './consultation.entities';
export * from './disclosure-request.entities';
export const entities = [SystemStart, ...domainEntities, ...publicationEntities, ...signInEntities, ...policyEntities, ...consultationEntities, ...disclosureRequestEntities];
