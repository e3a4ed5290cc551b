import * as fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__gongkaiTestPostgres;
  if (!state) return;
  await state.pg?.stop();
  if (state.dataDir) fs.rmSync(state.dataDir, { recursive: true, force: true });
  if (state.bundlesDir) fs.rmSync(state.bundlesDir, { recursive: true, force: true });
  globalThis.__gongkaiTestPostgres = undefined;
}
