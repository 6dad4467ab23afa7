/** How long a changed unit pulses (ms): its outline on the map and the ring deck.gl draws. */
export const FLASH_MS = 3000;
