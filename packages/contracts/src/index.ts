export * from './catalogue';
export * from './errors';
export * from './common';
export * from './agency';
export * from './agreement';
export * from './identity';
