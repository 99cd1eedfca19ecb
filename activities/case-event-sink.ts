// The case-event sink: every event a case applied, as a flat record for KPIs (the same catalogue the simulator
// reports) and for the department's warehouse. Records carry attributes, never personal data.
import { OnceFileStore } from './once-file-store';

export interface CaseEventRecord {
  caseId: string;
  eventId: string;
  type: string;
  /** Effective time (epoch ms). */
  at: number;
  /** Legal time at which the case applied it. */
  recordedAt: number;
  stageAfter: string;
  sopHash: string;
  province: string;
  district: string;
  policeStation: string;
  offenceClass: string;
}

/** Pluggable; `record` must be idempotent by (caseId, eventId). */
export interface CaseEventSink {
  record(event: CaseEventRecord): Promise<'recorded' | 'already-recorded'>;
}

export const caseEventKey = (e: Pick<CaseEventRecord, 'caseId' | 'eventId'>): string => `${e.caseId}|${e.eventId}`;

export function fileCaseEventSink(directory: string): CaseEventSink & { store: OnceFileStore<CaseEventRecord> } {
  const store = new OnceFileStore<CaseEventRecord>(directory);
  return {
    store,
    async record(event) {
      return (await store.put(caseEventKey(event), event)) === 'written' ? 'recorded' : 'already-recorded';
    },
  };
}
