import { ApiError } from '../api/api-client.ts';
import { useT } from '../i18n/language.tsx';

/** An API error shown in place of what could not be loaded. */
export function ErrorNote({ error }: { error: ApiError }) {
  const { t } = useT();
  const text = error.status === 403 ? t('forbidden') : error.status === 0 ? t('cannotReachServer') : t('apiError', { message: error.message });
  return <p className="note error" role="alert" data-testid="error-note" data-status={error.status}>{text}</p>;
}
