export * from './ability';
export * from './explain';
export * from './filter';
export { permittedFieldsOf } from '@casl/ability/extra';
export * from './capabilities';
