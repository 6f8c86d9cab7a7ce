export * from './errors';
export * from './runtime';
export * from './duration';
export * from './version';
export * from './poll/poller';
export * from './aws/clients';
export * from './aws/errors';
export * from './naming/names';
