import { BadRequestException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { requestTable, type Table3 } from '@gongkai/domain';
import { DisclosureRequestRepository, UserRepository } from '@gongkai/persistence';
import type { AuthenticatedUser } from '../auth/roles';

/** The annual report's tables, for the caller's organisation. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly requests: DisclosureRequestRepository,
    private readonly users: UserRepository,
  ) {}

  async requestTable(user: AuthenticatedUser, year: number): Promise<Table3> {
    if (!Number.isInteger(year) || year < 2000 || year > 2199) throw new BadRequestException(`年份须为 2000–2199 的整数（收到 ${year}）`);
    const department = await this.users.department(user.departmentId);
    if (!department) throw new UnprocessableEntityException(`您所在的部门（${user.departmentId}）不在组织架构中`);
    return requestTable(year, await this.requests.annualFacts(department.organisationId, year));
  }
}
