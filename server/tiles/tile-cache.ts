// An in-process LRU of encoded tiles, bounded by bytes. Keys carry the
// boundary version, so a boundary import makes old entries unreachable; they
// age out as new ones arrive. Concurrent misses of one key share one render.

export interface TileCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export class TileCache {
  private readonly entries = new Map<string, Uint8Array>();
  private readonly pending = new Map<string, Promise<Uint8Array>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxBytes: number) {}

  /** The cached tile, or render() once for all concurrent callers and keep the result. */
  async getOrRender(key: string, render: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    this.misses++;
    const rendering = render().then(
      (tile) => {
        this.pending.delete(key);
        this.remember(key, tile);
        return tile;
      },
      (error: unknown) => {
        this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, rendering);
    return rendering;
  }

  stats(): TileCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }

  private remember(key: string, tile: Uint8Array): void {
    // Empty tiles are worth caching too: they cost a query. Count them as a small entry.
    const size = Math.max(tile.byteLength, 64) + key.length;
    if (size > this.maxBytes) return;
    this.entries.set(key, tile);
    this.bytes += size;
    for (const [oldKey, oldTile] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= Math.max(oldTile.byteLength, 64) + oldKey.length;
    }
  }
}
