import { ApiError } from '../api/api-client.ts';
import { describeApiError } from '../i18n/api-error.ts';
import { useT } from '../i18n/language.tsx';

/** An API error shown in place of what could not be loaded, in the UI language (from its code and details). */
export function ErrorNote({ error }: { error: ApiError }) {
  const { language } = useT();
  return <p className="note error" role="alert" data-testid="error-note" data-status={error.status} data-code={error.code}>{describeApiError(error, language)}</p>;
}
