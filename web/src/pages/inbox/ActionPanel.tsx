// The form an action needs before it is sent: a directive to resolve, a role to reassign to, days to extend.
// Acknowledging needs nothing, but a bulk acknowledgement is confirmed here too.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { REASSIGN_ROLES, type ActionInput, type ActionKind } from './task-actions';

export interface PendingAction {
  kind: ActionKind;
  taskIds: string[];
}

export function ActionPanel({ action, onSubmit, onCancel }: { action: PendingAction; onSubmit: (input: ActionInput) => Promise<void>; onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const [directive, setDirective] = useState('');
  const [toRole, setToRole] = useState<string>(REASSIGN_ROLES[2]);
  const [days, setDays] = useState('1');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSubmit({ ...(action.kind === 'resolve' ? { directive } : {}), ...(action.kind === 'reassign' ? { toRole } : {}), ...(action.kind === 'extend' ? { days: Number(days) } : {}) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="action-panel" onSubmit={(e) => void submit(e)} aria-labelledby="action-title" data-testid="action-panel">
      <h2 id="action-title">{t(`actions.${action.kind}`)}</h2>
      <p>{t('actions.forTasks', { n: f.number(action.taskIds.length), count: action.taskIds.length })}</p>
      {action.kind === 'resolve' ? (
        <label>
          {t('actions.directive')}
          <textarea required maxLength={2000} value={directive} onChange={(e) => setDirective(e.target.value)} />
        </label>
      ) : null}
      {action.kind === 'reassign' ? (
        <label>
          {t('actions.toRole')}
          <select value={toRole} onChange={(e) => setToRole(e.target.value)}>
            {REASSIGN_ROLES.map((r) => (
              <option key={r} value={r}>
                {f.role(r)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {action.kind === 'extend' ? (
        <label>
          {t('actions.days')}
          <input type="number" min={1} max={3650} required value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
      ) : null}
      <div className="form-buttons">
        <button type="submit" disabled={busy} data-testid="action-submit">
          {t('actions.confirm')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </form>
  );
}
