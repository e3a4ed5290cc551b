import { Injectable, NotImplementedException } from '@nestjs/common';
import type { DashboardDto, DashboardQueryDto } from './dashboard.dto';

@Injectable()
export class DashboardService {
  figures(_query: DashboardQueryDto): Promise<DashboardDto> {
    return Promise.reject(new NotImplementedException('看板尚未实现'));
  }
}
