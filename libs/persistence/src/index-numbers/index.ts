export * from './index-number-allocator';
