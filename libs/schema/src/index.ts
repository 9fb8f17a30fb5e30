export * from './data-source-options';
export * from './entities';
