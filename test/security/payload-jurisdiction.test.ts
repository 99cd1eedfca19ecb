// The clear jurisdiction entry of encrypted payloads: taken from the workflow id of a case, its tasks or a
// simulation job (nothing else gets one), sealed with the ciphertext, and absent from payloads written without it.
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { JURISDICTION_METADATA, jurisdictionOfWorkflowId, PayloadDecryptionError, PayloadEncryptionCodec, payloadJurisdiction } from '../../security/payload-encryption-codec';
import { testPayloadKeyring } from '../support/test-payload-key';

const codec = new PayloadEncryptionCodec(testPayloadKeyring);
const plain = defaultPayloadConverter.toPayload({ complainant: 'Muhammad Aslam' });

describe('payload jurisdiction entry', () => {
  it('names province, district and station of a case and its tasks, the province of a simulation job, nothing else', () => {
    expect(jurisdictionOfWorkflowId('case/punjab/lahore/model-town/123-2026')).toEqual({ province: 'punjab', district: 'lahore', policeStation: 'model-town' });
    expect(jurisdictionOfWorkflowId('case/sindh/karachi-south/clifton/9-2026/task/interim-report')).toEqual({ province: 'sindh', district: 'karachi-south', policeStation: 'clifton' });
    expect(jurisdictionOfWorkflowId('simulation/punjab/3f1c')).toEqual({ province: 'punjab' });
    expect(jurisdictionOfWorkflowId('bench-noop-1')).toBeNull();
    expect(jurisdictionOfWorkflowId(undefined)).toBeNull();
  });

  it('is written in clear from the serialization context and authenticated: relabelled, the payload does not open', async () => {
    const [sealed] = await codec.encode([plain], { type: 'workflow', namespace: 'default', workflowId: 'case/punjab/lahore/gulberg/7-2026' });
    expect(Buffer.from(sealed!.metadata![JURISDICTION_METADATA]!).toString()).toBe('punjab/lahore/gulberg');
    expect(payloadJurisdiction(sealed!)).toEqual({ province: 'punjab', district: 'lahore', policeStation: 'gulberg' });
    expect(defaultPayloadConverter.fromPayload((await codec.decode([sealed!]))[0]!)).toEqual({ complainant: 'Muhammad Aslam' });
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [JURISDICTION_METADATA]: Buffer.from('punjab/multan/cantt') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(PayloadDecryptionError);
    const stripped = { ...sealed!, metadata: Object.fromEntries(Object.entries(sealed!.metadata!).filter(([k]) => k !== JURISDICTION_METADATA)) };
    await expect(codec.decode([stripped])).rejects.toThrow(PayloadDecryptionError);
  });

  it('an activity payload takes its workflow’s jurisdiction; a payload with no workflow context has no entry', async () => {
    const [activity] = await codec.encode([plain], { type: 'activity', namespace: 'default', workflowId: 'simulation/sindh/ab12', isLocal: false });
    expect(payloadJurisdiction(activity!)).toEqual({ province: 'sindh' });
    const [none] = await codec.encode([plain]);
    expect(none!.metadata![JURISDICTION_METADATA]).toBeUndefined();
    expect(payloadJurisdiction(none!)).toBeNull();
  });
});
