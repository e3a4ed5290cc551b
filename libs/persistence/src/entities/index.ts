import { SystemStart } from './system-start.entity';
import { domainEntities } from './domain.entities';
import { publicationEntities } from './publication.entities';

export { SystemStart };
export * from './domain.entities';
export * from './publication.entities';
export const entities = [SystemStart, ...domainEntities, ...publicationEntities];
