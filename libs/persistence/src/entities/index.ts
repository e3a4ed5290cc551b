import { SystemStart } from './system-start.entity';
import { domainEntities } from './domain.entities';

export { SystemStart };
export * from './domain.entities';
export const entities = [SystemStart, ...domainEntities];
