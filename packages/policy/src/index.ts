export * from './records';
export * from './rules';
export * from './enforce';
export * from './filter';
export { permittedFieldsOf } from '@casl/ability/extra';
export * from './capabilities';
