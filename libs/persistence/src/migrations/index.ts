// Migrations are listed explicitly (no glob) so they load the same way under
// jest, the swc register hook, the TypeORM CLI and a bundled build.
import { Foundation1764300000000 } from './1764300000000-foundation';
import { Domain1764300001000 } from './1764300001000-domain';
import { Publication1764300002000 } from './1764300002000-publication';
import { PublicationReadIndexes1764300003000 } from './1764300003000-publication-read-indexes';
import { CatalogDisclosure1764300004000 } from './1764300004000-catalog-disclosure';
import { IdempotencyRequestHash1764300005000 } from './1764300005000-idempotency-request-hash';
import { RefusalCounts1764300006000 } from './1764300006000-refusal-counts';
import { SignInAndDashboard1764300007000 } from './1764300007000-sign-in-and-dashboard';
import { PolicyPackages1764300008000 } from './1764300008000-policy-packages';
import { DeferredInterpretations1764300009000 } from './1764300009000-deferred-interpretations';
import { Consultations1764300010000 } from './1764300010000-consultations';
import { DisclosureRequests1764300011000 } from './1764300011000-disclosure-requests';

export const migrations = [Foundation1764300000000, Domain1764300001000, Publication1764300002000, PublicationReadIndexes1764300003000, CatalogDisclosure1764300004000, IdempotencyRequestHash1764300005000, RefusalCounts1764300006000, SignInAndDashboard1764300007000];
migrations.push(PolicyPackages1764300008000, DeferredInterpretations1764300009000, Consultations1764300010000, DisclosureRequests1764300011000);
