import { useState, type ReactNode } from 'react';

/**
 * A map card (the legend) that a phone shows behind a 44 px toggle, so the
 * map comes first; on a larger screen it is always open.
 */
export function CollapsibleCard({ phone, label, className, children }: { phone: boolean; label: string; className: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  if (!phone) return <div className={className}>{children}</div>;
  return (
    <div className={`${className} collapsible${open ? ' open' : ''}`}>
      <button type="button" className="card-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="legend-toggle">
        {label} <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      {open && children}
    </div>
  );
}
