// The one description of how TypeScript becomes JavaScript here: the project's
// .swcrc plus the `@gongkai/<lib>` aliases, so `import … from '@gongkai/domain'`
// means libs/domain/src (its barrel) and `@gongkai/domain/<file>` one of its
// files. swc rewrites the aliases into relative paths while compiling, so the
// compiled code needs no resolver of its own. Read by scripts/register.js,
// jest.config.js and the standalone engine's build; tsconfig.json's `paths`
// and the workflow bundler's alias say the same for the type checker and webpack.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const LIBS = fs.readdirSync(path.join(ROOT, 'libs'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(ROOT, 'libs', entry.name, 'src', 'index.ts')))
  .map((entry) => entry.name)
  .sort();

/** `@gongkai/<lib>` → absolute path of libs/<lib>/src. */
const LIB_ALIASES = Object.fromEntries(LIBS.map((lib) => [`@gongkai/${lib}`, path.join(ROOT, 'libs', lib, 'src')]));

const swcrc = JSON.parse(fs.readFileSync(path.join(ROOT, '.swcrc'), 'utf8'));
delete swcrc.$schema;

function swcOptions() {
  const paths = {};
  for (const lib of LIBS) {
    paths[`@gongkai/${lib}`] = [`libs/${lib}/src`];
    paths[`@gongkai/${lib}/*`] = [`libs/${lib}/src/*`];
  }
  return { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: ROOT, paths } };
}

module.exports = { ROOT, LIBS, LIB_ALIASES, swcOptions };
