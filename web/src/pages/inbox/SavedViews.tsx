// Saved views of the inbox, kept on the server (GET/POST/DELETE /saved-views): mine, and the ones colleagues in
// my office shared. Applying one sets the filters; saving stores the filters now in force.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, dataOf } from '../../api/client';
import type { InboxFilters } from './inbox-query';

export function SavedViews({ filters, onApply }: { filters: InboxFilters; onApply: (f: InboxFilters) => void }): ReactNode {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const views = useQuery({ queryKey: ['saved-views', 'inbox'], queryFn: async () => dataOf(await api.GET('/saved-views', { params: { query: { page: 'inbox' } } })).views });
  const save = useMutation({
    mutationFn: async () => dataOf(await api.POST('/saved-views', { body: { page: 'inbox', name, filters, shared } })),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['saved-views'] });
    },
  });
  const remove = useMutation({
    mutationFn: async (viewId: string) => {
      const r = await api.DELETE('/saved-views/{viewId}', { params: { path: { viewId } } });
      if (!r.response.ok) throw new Error(String(r.response.status));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['saved-views'] }),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (name.trim()) save.mutate();
  };
  return (
    <section className="saved-views" aria-labelledby="views-title">
      <h2 id="views-title">{t('views.title')}</h2>
      <ul data-testid="saved-views">
        {(views.data ?? []).map((v) => (
          <li key={v.viewId}>
            <button type="button" onClick={() => onApply(v.filters)}>
              {v.name}
            </button>
            {v.shared ? <span className="badge">{v.mine ? t('views.sharedByMe') : t('views.sharedWithMe')}</span> : null}
            {v.mine ? (
              <button type="button" className="link" onClick={() => remove.mutate(v.viewId)} aria-label={t('views.delete', { name: v.name })}>
                ×
              </button>
            ) : null}
          </li>
        ))}
        {views.isSuccess && views.data.length === 0 ? <li className="muted">{t('views.none')}</li> : null}
      </ul>
      <form onSubmit={submit} className="save-view">
        <label>
          {t('views.name')}
          <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          {t('views.share')}
        </label>
        <button type="submit" disabled={!name.trim() || save.isPending}>
          {t('views.save')}
        </button>
      </form>
    </section>
  );
}
