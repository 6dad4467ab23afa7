// Which layout the dashboard uses. The phone layout (map first, the unit
// panel as a bottom sheet) applies below PHONE_MAX_WIDTH_PX; the same width
// is the breakpoint in layout.css, so CSS and the map's padding agree.
import { useEffect, useState } from 'react';

/** Widths up to this (CSS px) get the phone layout. */
export const PHONE_MAX_WIDTH_PX = 719;
export const PHONE_QUERY = `(max-width: ${PHONE_MAX_WIDTH_PX}px)`;

/** True while the viewport is phone-sized; follows rotation and resizing. */
export function useIsPhone(): boolean {
  const [phone, setPhone] = useState(() => window.matchMedia(PHONE_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(PHONE_QUERY);
    const update = () => setPhone(query.matches);
    query.addEventListener('change', update);
    update();
    return () => query.removeEventListener('change', update);
  }, []);
  return phone;
}
