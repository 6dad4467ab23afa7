import { useT } from '../i18n/language.tsx';
import { pickText } from '../i18n/messages.ts';
import type { ToolDefinition } from './tools.ts';

/** Tabs above the right-hand panel: the unit panel, then each tool the role may use. */
export function ToolTabs({ tools, role, openId, onOpen }: { tools: readonly ToolDefinition[]; role: string; openId: string | null; onOpen(id: string | null): void }) {
  const { language } = useT();
  const allowed = tools.filter((tool) => tool.roles.includes(role));
  if (allowed.length === 0) return null;
  return (
    <nav className="tool-tabs" aria-label={language === 'vi' ? 'Công cụ' : 'Tools'}>
      <button type="button" aria-pressed={openId === null} data-testid="tool-unit" onClick={() => onOpen(null)}>{language === 'vi' ? 'Đơn vị' : 'Unit'}</button>
      {allowed.map((tool) => (
        <button key={tool.id} type="button" aria-pressed={openId === tool.id} data-testid={`tool-${tool.id}`} onClick={() => onOpen(tool.id)}>{pickText(tool.label, language)}</button>
      ))}
    </nav>
  );
}
