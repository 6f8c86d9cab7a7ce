export * from './ports';
export * from './moto';
export * from './runner';
export * from './fake-runtime';
export * from './aws-fixtures';
export * from './mirror';
export * from './fault-proxy';
export * from './seeded-moto';
