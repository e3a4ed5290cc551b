/**
 * Statutory periods from 《政府信息公开条例》 (国务院令第711号) and related rules.
 * Entries marked [?] are local practice, not national text: callers take
 * them as defaults and may override per deployment.
 */
export const STATUTORY_PERIODS = {
  /** Art. 26: proactive disclosure within 20 working days of forming/changing the information. */
  proactiveDisclosureWorkingDays: 20,
  /** Art. 33: reply to a disclosure request within 20 working days of receipt. */
  requestReplyWorkingDays: 20,
  /** Art. 33: one extension of at most 20 working days. */
  requestExtensionMaxWorkingDays: 20,
  /** Art. 32: a consulted third party answers within 15 working days. */
  thirdPartyReplyWorkingDays: 15,
  /** Art. 30: one consolidated 补正 notice within 7 working days of receipt. */
  correctionNoticeWorkingDays: 7,
  /** 713号: consultation on a major decision, in general not less than 30 calendar days. [?] */
  majorDecisionConsultationCalendarDays: 30,
  /** Local practice: consultation on normative documents, at least 7 working days. [?] */
  normativeDocumentConsultationWorkingDays: 7,
  /** Local rules: interpretation published at the latest 3 working days after the policy. [?] */
  interpretationWorkingDays: 3,
} as const;
