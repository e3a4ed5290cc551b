/** What screening reports. Positions are UTF-16 offsets into the text as submitted (HTML included). */
export type Severity = 'block' | 'warn';

export type FindingKind =
  | 'id_card'
  | 'mobile_phone'
  | 'landline_phone'
  | 'bank_card'
  | 'email'
  | 'classification_mark'
  | 'typo'
  | 'sensitive_word'
  | 'leader_title'
  | 'document_number';

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** The matched text as a reader sees it (HTML entities decoded, tags removed). */
  text: string;
  /** Start offset in the submitted text, inclusive. */
  start: number;
  /** End offset in the submitted text, exclusive. */
  end: number;
  suggestion: string;
  /** Set by `screenDraft`: which field of the draft the finding is in. */
  field?: 'title' | 'body';
}

/** A finding located in the plain text, before positions are mapped back to the source. */
export interface Match {
  kind: FindingKind;
  severity: Severity;
  start: number;
  end: number;
  suggestion: string;
}

export const blocks = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === 'block');
