import { describe, expect, it } from 'vitest';
import { TileCache } from '../../../server/tiles/tile-cache.ts';

const bytes = (n: number) => new Uint8Array(n);

describe('TileCache', () => {
  it('renders a key once and serves it from memory after', async () => {
    const cache = new TileCache(10_000);
    let renders = 0;
    const render = async () => {
      renders++;
      return bytes(100);
    };
    const [a, b] = await Promise.all([cache.getOrRender('k', render), cache.getOrRender('k', render)]);
    expect(a).toBe(b);
    await cache.getOrRender('k', render);
    expect(renders).toBe(1);
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
  });

  it('evicts the least recently used tile past its byte budget', async () => {
    const cache = new TileCache(1000);
    await cache.getOrRender('a', async () => bytes(400));
    await cache.getOrRender('b', async () => bytes(400));
    await cache.getOrRender('a', async () => bytes(400)); // a is now the most recent
    await cache.getOrRender('c', async () => bytes(400));
    let rendered = '';
    await cache.getOrRender('b', async () => ((rendered += 'b'), bytes(400)));
    await cache.getOrRender('c', async () => ((rendered += 'c'), bytes(400)));
    expect(rendered).toBe('b');
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000);
  });

  it('does not keep a failed render or a tile larger than the budget', async () => {
    const cache = new TileCache(100);
    await expect(cache.getOrRender('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await cache.getOrRender('big', async () => bytes(500));
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(await cache.getOrRender('x', async () => bytes(1))).toHaveLength(1);
  });
});
