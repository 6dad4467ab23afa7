import { useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n/language.tsx';
import { layoutText } from './layout.strings.ts';

/** How much of the screen the phone's bottom sheet takes. */
export type SheetState = 'collapsed' | 'half' | 'full';

const NEXT: Record<SheetState, SheetState> = { collapsed: 'half', half: 'full', full: 'collapsed' };
/** A drag shorter than this (CSS px) is a tap on the handle. */
const TAP_PX = 8;

/** The sheet state nearest a dragged height, as a share of the screen height. */
export function snapSheet(heightShare: number): SheetState {
  if (heightShare < 0.33) return 'collapsed';
  if (heightShare < 0.72) return 'half';
  return 'full';
}

/**
 * Where the unit panel and the tools live: a column at the right on a
 * laptop or desktop; on a phone a bottom sheet (collapsed: the unit's name
 * and tier; half; full) under a handle that is tapped or dragged. The
 * layout around it reads the state from `.app[data-sheet]` (layout.css).
 */
export function PanelDock({ phone, sheet, onSheet, tabs, children }: { phone: boolean; sheet: SheetState; onSheet(state: SheetState): void; tabs: ReactNode; children: ReactNode }) {
  const { language } = useT();
  const [dragHeight, setDragHeight] = useState<number | null>(null);
  const drag = useRef<{ startY: number; startHeight: number; moved: boolean } | null>(null);
  const dock = useRef<HTMLDivElement>(null);
  const justDragged = useRef(false);
  const parentHeight = () => dock.current?.parentElement?.clientHeight ?? window.innerHeight;
  return (
    <div ref={dock} className={`dock${phone ? ` sheet sheet-${sheet}` : ''}`} data-testid="dock" data-sheet={phone ? sheet : undefined}
      style={dragHeight !== null ? { height: dragHeight, transition: 'none' } : undefined} role={phone ? 'region' : undefined} aria-label={phone ? layoutText('sheetLabel', language) : undefined}>
      {phone && (
        <button type="button" className="sheet-handle" data-testid="sheet-handle" aria-expanded={sheet !== 'collapsed'}
          aria-label={layoutText(sheet === 'full' ? 'sheetCollapse' : 'sheetExpand', language)}
          onPointerDown={(e) => {
            drag.current = { startY: e.clientY, startHeight: dock.current?.getBoundingClientRect().height ?? 0, moved: false };
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => {
            const d = drag.current;
            if (!d) return;
            const dy = d.startY - e.clientY;
            if (Math.abs(dy) > TAP_PX) d.moved = true;
            if (d.moved) setDragHeight(Math.max(80, Math.min(parentHeight(), d.startHeight + dy)));
          }}
          onPointerUp={() => {
            const d = drag.current;
            drag.current = null;
            justDragged.current = Boolean(d?.moved);
            if (d?.moved && dragHeight !== null) onSheet(snapSheet(dragHeight / parentHeight()));
            setDragHeight(null);
          }}
          onPointerCancel={() => { drag.current = null; setDragHeight(null); }}
          onClick={() => {
            if (!justDragged.current) onSheet(NEXT[sheet]);
            justDragged.current = false;
          }}>
          <span className="grip" aria-hidden="true" />
        </button>
      )}
      {tabs}
      <div className="dock-body">{children}</div>
    </div>
  );
}
