export * from './aho-corasick';
export * from './checksums';
export * from './content-screening';
export * from './dictionary';
export * from './finding';
export * from './masking';
export * from './plain-text';
export * from './screening-config';
