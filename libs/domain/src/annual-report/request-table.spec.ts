import { requestTable, type RequestFact } from '.';

const f = (receivedOn: string, closedOn: string | null, outcome: RequestFact['outcome'], kind: 'np' | RequestFact['requesterCategory'] = 'np'): RequestFact => ({
  requesterKind: kind === 'np' ? 'natural_person' : 'legal_person',
  requesterCategory: kind === 'np' ? null : kind,
  receivedOn,
  closedOn,
  outcome,
});

describe('table 3 of the annual report', () => {
  // Hand-computed for 2026: 5 new (3 natural persons, a company, a research body), 2 carried in from 2025,
  // 5 handled in 2026, 2 carried out; one closed in 2025 and one received in 2027 count nowhere.
  const facts = [
    f('2025-12-20', '2026-01-10', 'disclosed'), // carried in, handled
    f('2025-12-28', null, null, 'commercial'), // carried in, still open → carried out
    f('2025-11-01', '2025-11-20', 'disclosed'), // closed in 2025: not in 2026's table
    f('2026-03-02', '2026-03-20', 'disclosed'),
    f('2026-04-01', '2026-04-25', 'refused.third_party_rights'),
    f('2026-06-10', '2026-07-01', 'other.no_clarification', 'research'),
    f('2026-12-20', null, null), // received late in the year, open → carried out
    f('2026-05-05', '2026-05-30', 'unavailable.not_held', 'commercial'),
    f('2027-01-04', null, null), // next year
  ];
  const table = requestTable(2026, facts);
  const row = (code: string) => table.rows.find((r) => r.code === code)!.values;

  it('counts new, carried in, handled by outcome and carried out by requester column', () => {
    expect(row('new')).toEqual({ natural_person: 3, commercial: 1, research: 1, public_interest: 0, legal_services: 0, other: 0, total: 5 });
    expect(row('carried_in')).toEqual({ natural_person: 1, commercial: 1, research: 0, public_interest: 0, legal_services: 0, other: 0, total: 2 });
    expect(row('disclosed').total).toBe(2);
    expect(row('refused.third_party_rights').natural_person).toBe(1);
    expect(row('other.no_clarification').research).toBe(1);
    expect(row('unavailable.not_held').commercial).toBe(1);
    expect(row('handled_total')).toEqual({ natural_person: 3, commercial: 1, research: 1, public_interest: 0, legal_services: 0, other: 0, total: 5 });
    expect(row('carried_out')).toEqual({ natural_person: 1, commercial: 1, research: 0, public_interest: 0, legal_services: 0, other: 0, total: 2 });
  });

  it('has one row per outcome code, labelled as in the official table, and passes the cross-check', () => {
    expect(table.rows).toHaveLength(2 + 21 + 2);
    expect(table.rows.find((r) => r.code === 'refused.state_secret')!.label).toContain('属于国家秘密');
    expect(table.crossCheck).toEqual({ ok: true, detail: '一 + 二 = 三（七）+ 四：5 + 2 = 5 + 2' });
  });
});
