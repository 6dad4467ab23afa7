// The admin tool (issue 17): accounts, data sources and keys, capacity
// inputs, rule sets with a preview, the audit log. The server decides every
// action (policy.canManageAccounts); this tab is only shown to admins.
import { useState } from 'react';
import { useT } from '../i18n/language.tsx';
import type { ToolContext, ToolDefinition } from '../tools/tools.ts';
import { AccountsSection } from './accounts-section.tsx';
import { ADMIN_TEXT, adminText } from './admin.strings.ts';
import { AuditSection } from './audit-section.tsx';
import { CapacitySection } from './capacity-section.tsx';
import { RuleSetSection } from './rule-set-section.tsx';
import { SourcesSection } from './sources-section.tsx';

const SECTIONS = ['accounts', 'sources', 'capacity', 'ruleSets', 'audit'] as const;
type Section = (typeof SECTIONS)[number];

function AdminTool({ context }: { context: ToolContext }) {
  const { language } = useT();
  const [section, setSection] = useState<Section>('accounts');
  return (
    <section className="panel admin-tool" data-testid="admin-tool">
      <h2>{adminText('title', language)}</h2>
      <nav className="sub-tabs" aria-label={adminText('title', language)}>
        {SECTIONS.map((s) => (
          <button key={s} type="button" aria-pressed={section === s} data-testid={`admin-section-${s}`} onClick={() => setSection(s)}>{adminText(s, language)}</button>
        ))}
      </nav>
      {section === 'accounts' && <AccountsSection />}
      {section === 'sources' && <SourcesSection />}
      {section === 'capacity' && <CapacitySection context={context} />}
      {section === 'ruleSets' && <RuleSetSection context={context} />}
      {section === 'audit' && <AuditSection />}
    </section>
  );
}

export const adminTool: ToolDefinition = {
  id: 'admin',
  label: ADMIN_TEXT.tab,
  roles: ['admin'],
  render: (context) => <AdminTool context={context} />,
};
