import { ConflictException, Injectable } from '@nestjs/common';
import type { RequestOutcome } from '@gongkai/contracts';
import { replyLetter, type ReplyLetter } from '@gongkai/domain';
import { DisclosureRequestRepository, UserRepository } from '@gongkai/persistence';
import type { AuthenticatedUser } from '../auth/roles';
import { RequestService } from './request.service';
import { RequestWorkflows } from './request-workflows';

/**
 * The facts of a request's reply letter: the request as registered, the reply
 * as the workflow holds it (its live state, else the last projection), and the
 * agency's name. A letter exists once a reply is drafted, or once the workflow
 * closed the request without one (补正 never answered, Art. 30); until it is
 * issued it is a draft.
 */
@Injectable()
export class ReplyLetterService {
  constructor(
    private readonly requests: DisclosureRequestRepository,
    private readonly users: UserRepository,
    private readonly workflows: RequestWorkflows,
    private readonly requestService: RequestService,
  ) {}

  async letter(user: AuthenticatedUser, id: string): Promise<ReplyLetter> {
    const row = await this.requestService.existing(user, id);
    const state = (await this.workflows.liveState(id)) ?? row.state ?? undefined;
    const closed = (state?.status ?? row.status) === 'closed';
    const issuedOutcome = state?.outcome ?? (row.outcome as RequestOutcome | null) ?? undefined;
    const outcome = closed ? issuedOutcome : state?.reply?.outcome;
    if (!outcome) throw new ConflictException('该申请尚未拟办答复，还没有答复告知书；政务公开办拟办答复后即可查看（送达前为草稿）');
    const issuedOn = closed ? (state?.issuedOn ?? row.issuedOn ?? undefined) : undefined;
    // A closed request's letter says what was issued; an open one's, the reply drafted now.
    const reply = state?.reply?.outcome === outcome ? state.reply : undefined;
    return replyLetter({
      outcome,
      agencyName: (await this.users.organisationName(row.organisationId)) ?? row.organisationId,
      requesterName: row.requesterName,
      trackingCode: row.trackingCode,
      ...(state?.receivedOn || row.receivedOn ? { receivedOn: state?.receivedOn ?? row.receivedOn! } : {}),
      content: row.content,
      ...(reply?.body ? { body: reply.body } : {}),
      ...(reply?.responsibleAgency ? { responsibleAgency: reply.responsibleAgency } : {}),
      ...(state?.clarification ? { clarification: { sentOn: state.clarification.sentOn, replyBy: state.clarification.replyBy } } : {}),
      ...(issuedOn ? { issuedOn } : {}),
      draft: !issuedOn,
    });
  }
}
