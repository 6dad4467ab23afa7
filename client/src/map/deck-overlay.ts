// deck.gl and the layers it draws over the map, loaded after the first map
// is drawn (a separate chunk): tier colours need only MapLibre, labels and
// flash rings follow a moment later.
export { MapboxOverlay } from '@deck.gl/mapbox';
export { buildMapLabels, buildOverlayLayers } from './layers.ts';
