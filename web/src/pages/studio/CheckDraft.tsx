// A draft pack, pasted or uploaded, checked by the server as `sopflow validate` checks it: each problem is shown
// at its line (the draft is listed with line numbers and the lines at fault marked), calendar warnings beside.
import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, dataOf } from '../../api/client';
import { useFormat } from '../../i18n/format';

export function CheckDraft({ province }: { province: 'punjab' | 'sindh' | 'khyber-pakhtunkhwa' | 'balochistan' }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const [file, setFile] = useState(`${province}-draft.yaml`);
  const [text, setText] = useState('');
  const check = useMutation({
    mutationFn: async (body: { file: string; text: string }) => ({ body, result: dataOf(await api.POST('/sop-packs/{province}/check', { params: { path: { province } }, body })) }),
  });
  const onUpload = (e: ChangeEvent<HTMLInputElement>): void => {
    const chosen = e.target.files?.[0];
    if (!chosen) return;
    setFile(chosen.name);
    void chosen.text().then(setText);
  };
  const checked = check.data;
  const lines = checked ? checked.body.text.split('\n') : [];
  const atLine = new Map<number, string[]>();
  for (const p of checked?.result.problems ?? []) if (p.line) atLine.set(p.line, [...(atLine.get(p.line) ?? []), p.message]);
  return (
    <section aria-labelledby="check-h">
      <h2 id="check-h">{t('studio.checkTitle')}</h2>
      <form
        className="check-form"
        onSubmit={(e) => {
          e.preventDefault();
          check.mutate({ file, text });
        }}
      >
        <label>
          {t('studio.fileName')}
          <input value={file} onChange={(e) => setFile(e.target.value)} data-testid="draft-file" />
        </label>
        <label>
          {t('studio.upload')}
          <input type="file" accept=".yaml,.yml" onChange={onUpload} />
        </label>
        <label>
          {t('studio.draft')}
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={10} spellCheck={false} dir="ltr" data-testid="draft-text" />
        </label>
        <div className="form-buttons">
          <button type="submit" disabled={check.isPending || text.length === 0} data-testid="check-draft">
            {t('studio.check')}
          </button>
        </div>
      </form>
      {check.isError ? <p className="message message-error">{check.error.message}</p> : null}
      {checked ? (
        <div data-testid="check-result" data-valid={String(checked.result.valid)}>
          <p role="status" className={checked.result.valid ? 'message message-ok' : 'message message-error'}>
            {checked.result.valid ? t('studio.valid') : t('studio.invalid', { n: f.number(checked.result.problems.length) })}
          </p>
          <ul className="plain">
            {checked.result.problems.map((p, i) => (
              <li key={i} data-testid="problem" data-line={p.line ?? ''}>
                <code>
                  {p.file}
                  {p.line ? `:${p.line}${p.col ? `:${p.col}` : ''}` : ''}
                </code>{' '}
                {p.path ? <code>{p.path}</code> : null} {p.message}
              </li>
            ))}
            {checked.result.warnings.map((w, i) => (
              <li key={`w${i}`} className="muted" data-testid="warning">
                {t('studio.warning')}: {w.line ? <code>:{w.line}</code> : null} {w.message}
              </li>
            ))}
          </ul>
          {atLine.size ? (
            <ol className="source-lines" dir="ltr" tabIndex={0} aria-label={t('studio.draftLines')}>
              {lines.map((l, i) => {
                const problems = atLine.get(i + 1);
                return (
                  <li key={i} className={problems ? 'at-fault' : undefined} data-testid={problems ? 'fault-line' : undefined}>
                    <code>{l || ' '}</code>
                    {problems ? <span className="fault"> ← {problems.join('; ')}</span> : null}
                  </li>
                );
              })}
            </ol>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
