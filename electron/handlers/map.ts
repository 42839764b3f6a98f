import { mapPointChunks } from '../../db/queries/map';
import type { Handlers } from '../contract';
import { encodeChunk, encodeEnd, encodeHeader, type ByteChunks } from '../contract/mapPointsWire';
import type { TileService } from '../tiles/tileService';
import type { HandlerDeps } from './deps';
import { assertBasemapPathAllowed, type Transport } from './pathGrants';
import { withSettingsLog } from '../../db/trust/settingsLog';
import { actorOf } from '../auth/gate';
import type { Db } from '../../db/open';
import type { IncidentFilter } from '../../db/types';

type MapHandlers = Pick<Handlers, 'map:points' | 'map:basemap' | 'map:set-basemap'>;

export function mapHandlers({ db, now, tiles, transport }: HandlerDeps & { tiles: TileService; transport: Transport }): MapHandlers {
  return {
    'map:points': ({ filter }) => pointsStream(db, filter, now()),
    'map:basemap': () => tiles.view(),
    'map:set-basemap': (input, ctx) => {
      const before = tiles.view().settings;
      assertBasemapPathAllowed(transport, input.mbtilesPath, before.mbtilesPath);
      return withSettingsLog(db, actorOf(ctx), now(), { action: 'map.basemap', target: '底图设置', before, after: (v: { settings: unknown }) => v.settings }, () =>
        tiles.update(input, now()),
      );
    },
  };
}

/**
 * The points of a filter as binary frames (mapPointsWire.ts), one database chunk per read. The first
 * chunk is read here, so a failing query is answered as an error before any byte is sent.
 */
export function pointsStream(db: Db, filter: IncidentFilter, at: number): ByteChunks {
  const chunks = mapPointChunks(db, filter, at);
  const first = chunks.next();
  let total = 0;
  let state: 'header' | 'chunks' | 'done' = 'header';
  const take = (step: IteratorResult<{ count: number } & Parameters<typeof encodeChunk>[0], void>): Uint8Array => {
    if (step.done) {
      state = 'done';
      return encodeEnd(total);
    }
    total += step.value.count;
    return encodeChunk(step.value);
  };
  return {
    read: async () => {
      if (state === 'done') return null;
      if (state === 'header') {
        state = 'chunks';
        const head = encodeHeader(at);
        const body = take(first);
        const out = new Uint8Array(head.byteLength + body.byteLength);
        out.set(head);
        out.set(body, head.byteLength);
        return out;
      }
      return take(chunks.next());
    },
    cancel: async () => {
      state = 'done';
    },
  };
}
