// `npm run engine -- [options]`: the standalone embedded Temporal engine. It runs
// as its own process on the compiled engine (libs/embedded-temporal/src/
// compiled-engine.ts), so the engine never carries the TypeScript compiler this
// launcher needs to build it. Signals are passed on; the exit code is the engine's.
'use strict';
require('./register');
const { spawn } = require('node:child_process');
const { engineCommand } = require('../libs/embedded-temporal/src/engine-process.ts');

const { command, args, env } = engineCommand();
const child = spawn(command, [...args, ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGUSR2', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (require('node:os').constants.signals[signal] ?? 0) : 1)));
