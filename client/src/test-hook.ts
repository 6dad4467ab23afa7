// window.__riskmap: a handle for end-to-end tests, the benchmark and
// debugging from the console. Reads pixels of the WebGL canvas (the map is
// made with preserveDrawingBuffer) and exposes the dashboard's state.
import type { UnitColumns } from './api/types.ts';
import type { MapController } from './map/map-controller.ts';

export interface DashboardState {
  date: string;
  level: string;
  selectedId: number | null;
  ruleSet: string;
  colours: readonly string[];
  columns: UnitColumns | null;
  liveStatus: string;
}

export interface TestHookInput {
  controller: MapController | null;
  state(): DashboardState;
  /** Sets the date; resolves once the new tiers are drawn. */
  setDate(date: string): Promise<void>;
}

export function installTestHook(input: TestHookInput): void {
  const { controller } = input;
  (window as unknown as { __riskmap: unknown }).__riskmap = {
    ready: controller !== null,
    map: controller?.map,
    controller,
    state: input.state,
    setDate: input.setDate,
    setLabelsVisible: (visible: boolean) => controller?.setLabelsVisible(visible),
    /** The pixel (RGBA) of the map canvas at CSS coordinates. */
    readPixel: (x: number, y: number): number[] => {
      const canvas = controller?.map.getCanvas();
      const gl = canvas?.getContext('webgl2') ?? canvas?.getContext('webgl');
      if (!canvas || !gl) return [];
      const ratio = canvas.width / canvas.clientWidth;
      const out = new Uint8Array(4);
      gl.readPixels(Math.round(x * ratio), Math.round(canvas.height - y * ratio - 1), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
      return [...out];
    },
    /** Label points of the level drawn, projected to CSS pixels. */
    unitPoints: () => {
      if (!controller) return [];
      const level = controller.level;
      return controller.labelPointsOf(level).map((p) => ({ id: p.id, name: p.name, level, ...controller.map.project(p.position) }));
    },
    whenIdle: () => controller?.whenIdle(),
    /** The map labels' texts (drawn by deck.gl onto a canvas, so not in the page's text). */
    labelTexts: (): string[] => controller?.labelTexts() ?? [],
  };
}
