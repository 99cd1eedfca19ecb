// Custom search attributes sopflow writes on cases and escalation tasks, so supervisors can list by role
// and jurisdiction through Temporal visibility. SQL visibility allows 10 Keyword slots per namespace
// (temporal-facts §6): this list uses 8 of them.
import { defineSearchAttributeKey } from '@temporalio/common';

export const SA = {
  recordKind: defineSearchAttributeKey('SopflowRecordKind', 'KEYWORD'), // "case" | "escalation"
  province: defineSearchAttributeKey('SopflowProvince', 'KEYWORD'),
  district: defineSearchAttributeKey('SopflowDistrict', 'KEYWORD'),
  policeStation: defineSearchAttributeKey('SopflowPoliceStation', 'KEYWORD'),
  stage: defineSearchAttributeKey('SopflowStage', 'KEYWORD'),
  offenceClass: defineSearchAttributeKey('SopflowOffenceClass', 'KEYWORD'),
  role: defineSearchAttributeKey('SopflowRole', 'KEYWORD'),
  taskStatus: defineSearchAttributeKey('SopflowTaskStatus', 'KEYWORD'),
  inCustody: defineSearchAttributeKey('SopflowInCustody', 'BOOL'),
  level: defineSearchAttributeKey('SopflowLevel', 'INT'),
  dueAt: defineSearchAttributeKey('SopflowDueAt', 'DATETIME'),
} as const;

export const sopflowSearchAttributes = Object.values(SA);
