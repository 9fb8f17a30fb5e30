export * from './errors';
export * from './http-exception.filter';
export * from './pagination';
export * from './request-context';
export * from './validation';
export * from './versioned';
export * from './versioned.entity';
export * from './validators';
