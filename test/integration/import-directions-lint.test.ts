/**
 * Import directions (docs/architecture.md): apps → activities / workflows →
 * libs, libs/domain and libs/contracts at the bottom, every lib reached through
 * its @gongkai/<lib> alias. The rule lives in eslint.config.mjs; these probes
 * prove it refuses each kind of wrong import and lets the right ones through.
 */
import { lintProbes, type ProbeFinding } from '../support/lint-probes';

jest.setTimeout(120_000);

const RIGHT = {
  'apps/api/src/zz-right-probe.ts': "import { ROLES } from '@gongkai/contracts';\nimport { entities } from '@gongkai/persistence';\nexport const x = [ROLES, entities];\n",
  'activities/zz-right-probe.ts': "import { isRole } from '@gongkai/contracts';\nimport { loadApiConfig } from '@gongkai/config';\nexport const x = [isRole, loadApiConfig];\n",
  'workflows/zz-right-probe.ts': "import { reviewActionRefusal } from '@gongkai/domain/review';\nexport const x = reviewActionRefusal;\n",
  'libs/embedded-temporal/src/zz-right-probe.ts': "import { loadOrCreateInstallationSecret } from '@gongkai/persistence/embedded';\nexport const x = loadOrCreateInstallationSecret;\n",
  'apps/api/src/zz-right-probe.spec.ts': "import { queryRows } from '../../../libs/persistence/src/repositories/query-rows';\nit('may reach inside a lib', () => expect(queryRows).toBeDefined());\n",
};

const WRONG = {
  // a relative path into a lib instead of its alias
  'apps/api/src/zz-path-probe.ts': "import { ROLES } from '../../../libs/contracts/src/roles';\nexport const x = ROLES;\n",
  // a file inside a lib instead of its barrel, an area or a side entry
  'apps/api/src/zz-deep-probe.ts': "import { queryRows } from '@gongkai/persistence/repositories/query-rows';\nexport const x = queryRows;\n",
  // one lib reaching another by a relative path
  'libs/persistence/src/zz-sibling-probe.ts': "import { ROLES } from '../../contracts/src/roles';\nexport const x = ROLES;\n",
  // the pure domain rules importing the database
  'libs/domain/src/zz-up-probe.ts': "import { entities } from '@gongkai/persistence';\nexport const x = entities;\n",
  // the bottom layer importing anything of the project
  'libs/contracts/src/zz-up-probe.ts': "import { reviewActionRefusal } from '@gongkai/domain';\nexport const x = reviewActionRefusal;\n",
  // workflow code importing the database or an app
  'workflows/zz-db-probe.ts': "import { entities } from '@gongkai/persistence';\nexport const x = entities;\n",
  'workflows/zz-app-probe.ts': "import { ActorSigner } from '../apps/api/src/api-app';\nexport const x = ActorSigner;\n",
  // activities importing workflow code or an app
  'activities/zz-up-probe.ts': "import { publicationReview } from '../workflows/publication-review';\nexport const x = publicationReview;\n",
  // a lib importing an app
  'libs/persistence/src/zz-app-probe.ts': "import { createApiApp } from '../../../apps/api/src/api-app';\nexport const x = createApiApp;\n",
  // the API importing the worker's activities, the worker importing the API
  'apps/api/src/zz-activities-probe.ts': "import { createActivities } from '../../../activities';\nexport const x = createActivities;\n",
  'apps/worker/src/zz-api-probe.ts': "import { createApiApp } from '../../api/src/api-app';\nexport const x = createApiApp;\n",
};

const imports = (findings: ProbeFinding[]) => findings.filter((f) => f.ruleId === 'no-restricted-imports');

describe('the import-direction lint', () => {
  let found: Record<string, ProbeFinding[]>;
  beforeAll(async () => {
    found = await lintProbes({ ...RIGHT, ...WRONG });
  });

  it.each(Object.keys(WRONG))('refuses the wrong import in %s', (file) => {
    expect(imports(found[file])).toHaveLength(1);
  });

  it.each(Object.keys(RIGHT))('lets the right imports of %s through', (file) => {
    expect(imports(found[file])).toEqual([]);
  });

  it('says what to do instead', () => {
    expect(imports(found['apps/api/src/zz-path-probe.ts'])[0].message).toContain('@gongkai/<lib>');
    expect(imports(found['libs/domain/src/zz-up-probe.ts'])[0].message).toContain('libs/persistence');
    expect(imports(found['workflows/zz-db-probe.ts'])[0].message).toContain('workflows/ may not import');
  });
});
