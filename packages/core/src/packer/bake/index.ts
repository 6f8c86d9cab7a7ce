export * from './inputs';
export * from './machine-readable';
export * from './hash';
export * from './lineage';
export * from './packer-process';
export * from './tags';
export * from './bake';
export * from './summary';
