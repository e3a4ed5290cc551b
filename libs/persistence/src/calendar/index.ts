export * from './calendar-store';
