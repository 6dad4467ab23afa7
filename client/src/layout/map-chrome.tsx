import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/language.tsx';
import type { MapController } from '../map/map-controller.ts';
import { composeViewCanvas, computeMetresPerPixel, type ExportLegendRow } from './export-view.ts';
import { layoutText } from './layout.strings.ts';

export interface ViewDescription {
  date: string;
  levelName: string;
  ruleSetName: string;
  legend: readonly ExportLegendRow[];
}

/** The view as one canvas: the map's canvases with title, date, level, rule set, legend and scale. */
function composeView(controller: MapController, view: ViewDescription, language: 'vi' | 'en'): HTMLCanvasElement {
  const { map } = controller;
  const mapCanvas = map.getCanvas();
  // deck.gl draws labels on a canvas of its own beside MapLibre's (it keeps its drawing buffer).
  const others = [...map.getContainer().querySelectorAll('canvas')].filter((c) => c !== mapCanvas && c.clientWidth > 0);
  return composeViewCanvas({
    layers: [mapCanvas, ...others],
    width: mapCanvas.clientWidth,
    height: mapCanvas.clientHeight,
    title: layoutText('exportTitle', language),
    lines: [layoutText('exportDate', language, { date: view.date }), layoutText('exportLevel', language, { level: view.levelName }), view.ruleSetName],
    legend: view.legend,
    metresPerPixel: computeMetresPerPixel(map.getCenter().lat, map.getZoom()),
  });
}

/**
 * Map tools beside the zoom buttons: "export this view" as a PNG, and the
 * same picture for the browser's print (print CSS shows only it), made just
 * before printing since a resized WebGL canvas prints empty.
 */
export function MapChrome({ controller, view }: { controller: MapController | null; view: ViewDescription }) {
  const { language } = useT();
  const [error, setError] = useState<string | null>(null);
  const printImage = useRef<HTMLImageElement>(null);
  const latest = useRef({ controller, view, language });
  latest.current = { controller, view, language };

  useEffect(() => {
    const preparePrint = () => {
      const { controller: c, view: v, language: l } = latest.current;
      // Once print CSS applies the map is hidden (size 0): keep the picture made before.
      if (!c || !printImage.current || c.map.getCanvas().clientWidth === 0) return;
      try {
        printImage.current.src = composeView(c, v, l).toDataURL('image/png');
      } catch {
        printImage.current.removeAttribute('src');
      }
    };
    window.addEventListener('beforeprint', preparePrint);
    const media = window.matchMedia('print');
    const onMedia = () => { if (media.matches) preparePrint(); };
    media.addEventListener('change', onMedia);
    return () => { window.removeEventListener('beforeprint', preparePrint); media.removeEventListener('change', onMedia); };
  }, []);

  const exportPng = () => {
    if (!controller) return;
    setError(null);
    try {
      composeView(controller, view, language).toBlob((blob) => {
        if (!blob) { setError(layoutText('exportFailed', language, { message: 'PNG' })); return; }
        const link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = `riskmap-${view.date}-${view.levelName.replace(/[^\p{L}\p{N}]+/gu, '-')}.png`;
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      }, 'image/png');
    } catch (e) {
      setError(layoutText('exportFailed', language, { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <>
      <div className="map-tools">
        <button type="button" onClick={exportPng} disabled={!controller} data-testid="export-view" title={layoutText('exportView', language)} aria-label={layoutText('exportView', language)}>
          <span aria-hidden="true">⤓</span><span className="map-tool-text"> {layoutText('exportShort', language)}</span>
        </button>
        {error && <p className="note error" role="alert">{error}</p>}
      </div>
      <img ref={printImage} className="print-view" alt={layoutText('exportTitle', language)} data-testid="print-view" />
    </>
  );
}
