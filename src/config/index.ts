export * from './keys';
export * from './errors';
export * from './schema';
