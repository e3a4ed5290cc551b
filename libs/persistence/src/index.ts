export * from './data-source';
export * from './embedded';
export * from './entities';
export * from './repositories';
export * from './index-numbers';
export * from './seed/demo-organisation';
export * from './seed/demo-data';
export * from './actor-signer';
