export * from './request-table';
