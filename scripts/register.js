// Lets `node -r ./scripts/register.js file.ts` run TypeScript directly, compiled
// in memory by @swc/core with the settings in .swcrc (decorator metadata for
// Nest and TypeORM). Type checking is `npm run typecheck`, not start-up work.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.swcrc'), 'utf8'));
delete swcrc.$schema;

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swcrc,
    filename,
    swcrc: false,
    configFile: false,
  });
  module._compile(code, filename);
};
process.setSourceMapsEnabled?.(true);
