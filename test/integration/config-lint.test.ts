/**
 * One configuration (libs/config): the lint rule in eslint.config.mjs is what
 * keeps process.env out of shipped code, so every variable is validated at
 * start. These tests lint probe files with the real config: a stray read
 * fails the lint anywhere outside libs/config, tests may read it, and
 * libs/config itself imports nothing above libs/domain.
 */
import { lintProbeRules } from '../support/lint-probes';

jest.setTimeout(120_000);

const PROBES = {
  'apps/api/src/zz-config-probe.ts': 'export const port = process.env.PORT;\n',
  'activities/zz-config-probe.ts': 'const { env } = process;\nexport const url = env.PORTAL_WEBHOOK_URL;\n',
  'libs/persistence/src/zz-config-probe.ts': "import { env } from 'node:process';\nexport const url = env.DATABASE_URL;\n",
  'libs/config/src/zz-config-probe.ts': 'export const port = process.env.PORT;\n',
  'apps/api/src/zz-config-probe.spec.ts': "it('reads its own environment', () => expect(process.env.PORT).toBeUndefined());\n",
  'libs/config/src/zz-layer-probe.ts': "import { createDataSource } from '../../persistence/src/data-source';\nexport const make = createDataSource;\n",
};

describe('the one-configuration lint', () => {
  let byFile: Record<string, string[]>;
  beforeAll(async () => {
    byFile = await lintProbeRules(PROBES);
  });

  it('refuses process.env in shipped code outside libs/config, however it is reached', () => {
    expect(byFile['apps/api/src/zz-config-probe.ts']).toEqual(['no-restricted-properties']);
    expect(byFile['activities/zz-config-probe.ts']).toEqual(['no-restricted-properties']);
    expect(byFile['libs/persistence/src/zz-config-probe.ts']).toEqual(['no-restricted-syntax']);
  });

  it('lets libs/config and tests read it', () => {
    expect(byFile['libs/config/src/zz-config-probe.ts']).toEqual([]);
    expect(byFile['apps/api/src/zz-config-probe.spec.ts']).toEqual([]);
  });

  it('keeps libs/config below everything that reads it', () => {
    expect(byFile['libs/config/src/zz-layer-probe.ts']).toEqual(['no-restricted-imports']);
  });
});
