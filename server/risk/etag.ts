// ETags for the risk API: every change to rollups, tiers, capacity or rule
// sets writes a live event, so the newest event id is the data version.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { selectLastLiveEventId } from '../live/live.repo.ts';

/**
 * Sets ETag and Cache-Control; answers 304 and returns true when the client's copy is current.
 * Answers depend on who asks (jurisdiction, suppression), so the caller is part of the tag and
 * the answer may be kept by the browser only, never by a shared cache.
 */
export async function replyNotModified(database: Database, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  return replyNotModifiedAt(await database.withSession(selectLastLiveEventId), request, reply);
}

/** replyNotModified for a data version the route has read already (so the answer it caches and the tag agree). */
export async function replyNotModifiedAt(version: number, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const who = request.caller ? `${request.caller.userId}:${request.caller.role}` : 'anonymous';
  const digest = createHash('sha1').update(`${who} ${request.url}`).digest('base64url').slice(0, 16);
  const etag = `W/"${version}-${digest}"`;
  reply.header('ETag', etag).header('Cache-Control', 'private, no-cache').header('Vary', 'Cookie, Authorization');
  const sent = request.headers['if-none-match'];
  if (sent && sent.split(',').map((s) => s.trim()).includes(etag)) {
    await reply.code(304).send();
    return true;
  }
  return false;
}
