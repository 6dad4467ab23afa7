// Reads a live stream (SSE) over real HTTP, handing out parsed events in order.
export interface SseEvent { id: string | null; event: string | null; data: string }

/** Reads an SSE stream and hands out parsed events in order. */
export async function openStream(base: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/live`, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const raw: string[] = [];
  const next = async (kind: string): Promise<SseEvent> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        raw.push(block);
        const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
        if (field('event') === kind) return { id: field('id'), event: field('event'), data: field('data') ?? '' };
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { res, next, raw, close: () => controller.abort() };
}
