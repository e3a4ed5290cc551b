export * from './review-actions';
