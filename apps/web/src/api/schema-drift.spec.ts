/**
 * The committed client types are what openapi-typescript makes of the committed docs/openapi.json (which the API's
 * own drift test holds to the code). openapi-typescript is ESM-only, so it runs in a child Node process
 * (apps/web/scripts/gen-api.mjs --stdout, the same code `npm run gen:api` runs) and the result is compared here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');

describe('apps/web/src/api/schema.d.ts', () => {
  it('is current with docs/openapi.json (run `npm run gen:api` when this fails)', () => {
    const generated = execFileSync(process.execPath, [join(root, 'apps/web/scripts/gen-api.mjs'), '--stdout'], { encoding: 'utf8', cwd: root });
    const committed = readFileSync(join(root, 'apps/web/src/api/schema.d.ts'), 'utf8');
    expect(committed === generated).toBe(true);
  });

  it('describes the endpoints the web app calls', () => {
    const committed = readFileSync(join(root, 'apps/web/src/api/schema.d.ts'), 'utf8');
    for (const path of ['/publications', '/publications/{id}/approve', '/tasks', '/catalog/{indexNumber}', '/readyz']) {
      expect(committed).toContain(`"${path}": {`);
    }
  });
});
