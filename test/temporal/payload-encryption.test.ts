// Issue 4, point 9: a case's parties (names, CNIC numbers, a victim's identity) never reach Temporal's store in
// clear. The case is opened through the normal client (payload codec on); then its history, description and
// visibility record are read raw, over a connection with no codec, and searched byte by byte.
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import protos from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { openCaseWorkflow } from '../../client/open-case';
import { ENCRYPTED_ENCODING, PayloadEncryptionCodec } from '../../security/payload-encryption-codec';
import { caseEventUpdate, caseStateQuery } from '../../workflows/case-messages';
import type { CaseWorkflowInput } from '../../workflows/case-workflow';
import { workerForSuite } from '../support/temporal';
import { testPayloadKeyring } from '../support/test-payload-key';

const { workflowservice } = protos.temporal.api;

const parties = {
  complainant: { name: 'Ghulam Rasool Chaudhry', cnic: '35202-7654321-9', phone: '0300-1234567' },
  accused: [
    { name: 'Tariq Mehmood Butt', cnic: '3520112345671' },
    { name: 'Nadeem Akhtar Qureshi', cnic: '35201-9876543-3' },
  ],
  victims: [{ name: 'زینب بی بی', cnic: '35202-1112223-4', juvenile: true }],
};
const people = [parties.complainant, ...parties.accused, ...parties.victims];
/** Every name, phone and CNIC as written. */
const asWritten = [parties.complainant.phone, ...people.flatMap((p) => [p.name, p.cnic])];
/** …and each CNIC as bare digits too. */
const secrets = [...asWritten, ...people.map((p) => p.cnic.replaceAll('-', ''))];

function clearTextFound(bytes: Uint8Array): string[] {
  const haystack = Buffer.from(bytes);
  // Names also checked word by word: a payload could hold a name split or re-spaced.
  const needles = [...new Set([...secrets, ...secrets.flatMap((s) => s.split(' ').filter((w) => w.length >= 5))])];
  return needles.filter((needle) => haystack.includes(Buffer.from(needle, 'utf8')));
}

function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const record = value as Record<string, unknown>;
  if (record.data instanceof Uint8Array && record.metadata && typeof record.metadata === 'object') found.push(record);
  for (const child of Object.values(record)) payloadsIn(child, found);
  return found;
}

describe('encrypted payloads: the Temporal store never holds case parties in clear', () => {
  const suite = workerForSuite('dev', 'payload-encryption');
  const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');

  it('a case opened with names, CNIC numbers and a victim leaves no clear text in its raw history, description or visibility record', async () => {
    const env = suite.env();
    const firAt = Date.now();
    const facts = {
      province: 'punjab' as const,
      district: 'lahore',
      policeStation: 'gulberg',
      fir: { number: `pii${firAt % 1_000_000}`, year: 2026 },
      offence: { class: 'murder', sections: ['PPC 302'] },
      accused: { inCustody: true },
    };
    const { caseId, handle } = await openCaseWorkflow(env.client, { bundle, facts, parties, firAt, taskQueue: suite.taskQueue });
    // An event too, so update arguments and results are in the history as well.
    await handle.executeUpdate(caseEventUpdate, { args: [{ id: 'arrest-1', type: 'ACCUSED_ARRESTED', at: firAt + 60_000 }] });
    const state = await handle.query(caseStateQuery);
    expect(state.stage).toBe('investigation');

    // Raw reads: the bare gRPC service, no data converter anywhere.
    const raw = env.connection.workflowService;
    const execution = { workflowId: caseId };
    const history = await raw.getWorkflowExecutionHistory({ namespace: 'default', execution });
    const historyBytes = workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(history).finish();
    expect(historyBytes.length).toBeGreaterThan(1_000);
    expect(clearTextFound(historyBytes)).toEqual([]);

    const started = history.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
    const inputPayloads = started?.input?.payloads ?? [];
    expect(inputPayloads).toHaveLength(1);
    const updatePayloads = (history.history?.events ?? []).flatMap((e) => [
      ...payloadsIn(e.workflowExecutionUpdateAcceptedEventAttributes),
      ...payloadsIn(e.workflowExecutionUpdateCompletedEventAttributes),
    ]);
    expect(updatePayloads.length).toBeGreaterThanOrEqual(2);
    for (const payload of [...inputPayloads, ...updatePayloads]) {
      expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    }

    const description = await raw.describeWorkflowExecution({ namespace: 'default', execution });
    expect(clearTextFound(workflowservice.v1.DescribeWorkflowExecutionResponse.encode(description).finish())).toEqual([]);
    // The search attributes are set (so the description is worth searching) and hold none of it.
    expect(Object.keys(description.workflowExecutionInfo?.searchAttributes?.indexedFields ?? {})).toContain('SopflowStage');

    let listed: Uint8Array = new Uint8Array();
    for (let attempt = 0; attempt < 50; attempt++) {
      const list = await raw.listWorkflowExecutions({ namespace: 'default', query: `WorkflowId = '${caseId}'` });
      listed = workflowservice.v1.ListWorkflowExecutionsResponse.encode(list).finish();
      if (list.executions?.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(listed.length).toBeGreaterThan(0);
    expect(clearTextFound(listed)).toEqual([]);

    // With the key, the parties are all there.
    const [opened] = await new PayloadEncryptionCodec(testPayloadKeyring).decode(inputPayloads);
    const input = defaultPayloadConverter.fromPayload<CaseWorkflowInput>(opened!);
    expect(input.parties).toEqual(parties);

    // Without it, a client cannot read the case at all.
    const keyless = new Client({ connection: env.connection, namespace: 'default' });
    await expect(keyless.workflow.getHandle(caseId).query(caseStateQuery)).rejects.toThrow(/binary\/encrypted/);
    await handle.terminate('test finished');

    // Control: the same case opened by a client without the codec does leave the parties in clear, so the
    // search above is able to find them.
    const control = await openCaseWorkflow(keyless, { bundle, facts: { ...facts, fir: { number: `ctl${firAt % 1_000_000}`, year: 2026 } }, parties, firAt, taskQueue: suite.taskQueue });
    const controlHistory = await raw.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: control.caseId } });
    expect(clearTextFound(workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(controlHistory).finish())).toEqual(expect.arrayContaining(asWritten));
    await control.handle.terminate('test finished');
  });

  it('refuses parties that are not valid at the edge, before anything is sent', async () => {
    const env = suite.env();
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'gulberg', fir: { number: 'bad-cnic', year: 2026 }, offence: { class: 'theft' } } as const;
    const badParties = { accused: [{ name: 'Someone', cnic: '12345' }] };
    await expect(openCaseWorkflow(env.client, { bundle, facts, parties: badParties, firAt: Date.now(), taskQueue: suite.taskQueue })).rejects.toThrow(
      /must be a CNIC number/,
    );
  });
});
