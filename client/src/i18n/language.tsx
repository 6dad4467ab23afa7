import { createContext, useContext } from 'react';
import { translate, type Language, type MessageKey } from './messages.ts';

export const LanguageContext = createContext<Language>('vi');

/** The language shown and a translate function bound to it. */
export function useT(): { language: Language; t: (key: MessageKey, values?: Record<string, string | number>) => string } {
  const language = useContext(LanguageContext);
  return { language, t: (key, values) => translate(language, key, values) };
}
