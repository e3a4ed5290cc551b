export { startEmbeddedTemporal, type EmbeddedTemporalOptions, type RunningEmbeddedTemporal } from './server';
export { ENGINE_API_KEY_FILE } from './engine-api-key';
export { Engine } from './engine/engine';
export type { WorkflowTaskTrace } from './engine/task-trace';
