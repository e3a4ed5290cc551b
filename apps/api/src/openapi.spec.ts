import * as fs from 'node:fs';
import { OPENAPI_FILE, renderOpenApiDocument } from './openapi';

describe('docs/openapi.json', () => {
  it('is the document the API serves (regenerate with `npm run openapi`)', async () => {
    const committed = fs.readFileSync(OPENAPI_FILE, 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(await renderOpenApiDocument()));
  });
});
