export * from './options';
export * from './prune';
