// The data desk (issue 17): sources at a glance and their rejects for a
// site's own staff and admins; held pairs for ward officials (their area) and
// admins; the data-quality layer for everyone who sees the map. The server decides every action (server/access/policy.ts); the
// sections shown follow the role only to hide what would be refused.
import { useState } from 'react';
import { useT } from '../i18n/language.tsx';
import type { ToolContext, ToolDefinition } from '../tools/tools.ts';
import { DESK_TEXT, deskText } from './desk.strings.ts';
import { RejectsFixer } from './rejects-fixer.tsx';
import { QualitySection } from './quality-section.tsx';
import { ReviewPairs } from './review-pairs.tsx';
import { SourcesGlance } from './sources-glance.tsx';

type Section = 'sources' | 'rejects' | 'review' | 'quality';

export function sectionsFor(role: string): Section[] {
  if (role === 'admin') return ['sources', 'rejects', 'review', 'quality'];
  if (role === 'data_source') return ['sources', 'rejects'];
  if (role === 'ward_official') return ['review', 'quality'];
  return ['quality'];
}

function DeskTool({ context }: { context: ToolContext }) {
  const { language } = useT();
  const sections = sectionsFor(context.me.role);
  const [section, setSection] = useState<Section>(sections[0] ?? 'review');
  const [sourceId, setSourceId] = useState<number | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const version = context.version + refresh;
  return (
    <section className="panel desk-tool" data-testid="desk-tool">
      <h2>{deskText('title', language)}</h2>
      {sections.length > 1 && (
        <nav className="sub-tabs" aria-label={deskText('title', language)}>
          {sections.map((s) => <button key={s} type="button" aria-pressed={section === s} data-testid={`desk-section-${s}`} onClick={() => setSection(s)}>{deskText(s, language)}</button>)}
        </nav>
      )}
      {section === 'sources' && <SourcesGlance version={version} selected={sourceId} onSelect={setSourceId} onFix={(id, c) => { setSourceId(id); setCode(c); setSection('rejects'); }} />}
      {section === 'rejects' && (sourceId === null
        ? <p className="muted">{deskText('chooseSite', language)}</p>
        : <RejectsFixer sourceId={sourceId} code={code} version={version} onChanged={() => setRefresh((n) => n + 1)} />)}
      {section === 'review' && <ReviewPairs version={version} onChanged={() => setRefresh((n) => n + 1)} />}
      {section === 'quality' && <QualitySection context={context} />}
    </section>
  );
}

export const deskTool: ToolDefinition = {
  id: 'desk',
  label: DESK_TEXT.tab,
  roles: ['admin', 'data_source', 'ward_official', 'city_leader', 'planner'],
  render: (context) => <DeskTool context={context} />,
};
