export { startEmbeddedTemporal, type EmbeddedTemporalOptions, type RunningEmbeddedTemporal } from './server';
export { Engine } from './engine/engine';
