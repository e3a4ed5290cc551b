export * from './statutory-clock';
export * from './statutory-periods';
