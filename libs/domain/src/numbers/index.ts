export * from './document-number';
export * from './index-number';
