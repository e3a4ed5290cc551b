// Lets `node -r ./scripts/register.js file.ts` run TypeScript directly, compiled
// in memory by @swc/core with the settings in .swcrc (decorator metadata for
// Nest and TypeORM). Type checking is `npm run typecheck`, not start-up work.
'use strict';
const fs = require('node:fs');
const swc = require('@swc/core');
const { swcOptions } = require('./swc-options');

const options = swcOptions();

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    ...options,
    filename,
    swcrc: false,
    configFile: false,
  });
  module._compile(code, filename);
};
process.setSourceMapsEnabled?.(true);
