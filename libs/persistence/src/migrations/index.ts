// Migrations are listed explicitly (no glob) so they load the same way under
// jest, the swc register hook, the TypeORM CLI and a bundled build.
import { Foundation1764300000000 } from './1764300000000-foundation';
import { Domain1764300001000 } from './1764300001000-domain';
import { Publication1764300002000 } from './1764300002000-publication';
import { PublicationReadIndexes1764300003000 } from './1764300003000-publication-read-indexes';

export const migrations = [Foundation1764300000000, Domain1764300001000, Publication1764300002000, PublicationReadIndexes1764300003000];
