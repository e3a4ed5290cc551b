export * from './reply-letter';
