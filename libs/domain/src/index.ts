// Pure domain rules: no database, no framework, no Node built-ins, so that
// Temporal workflow code can import them. `calendar/chinese-days-source` is
// deliberately not re-exported here (it carries the holiday data set).
export * from './calendar';
export * from './clock';
export * from './numbers';
export * from './review';
export * from './screening';
export * from './sign-in';
export * from './interpretation';
export * from './consultation';
export * from './consultation/feedback-report';
export * from './annual-report';
export * from './disclosure-request';
