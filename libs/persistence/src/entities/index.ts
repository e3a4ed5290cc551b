import { SystemStart } from './system-start.entity';

export { SystemStart };
export const entities = [SystemStart];
