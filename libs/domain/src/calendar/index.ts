export * from './civil-date';
export * from './calendar-year';
export * from './working-day-calendar';
export * from './disclosure-deadline';
