import { mapPoints } from '../../db/queries/map';
import type { Handlers } from '../contract';
import type { TileService } from '../tiles/tileService';
import type { HandlerDeps } from './deps';
import { assertBasemapPathAllowed, type Transport } from './pathGrants';
import { withSettingsLog } from '../../db/trust/settingsLog';
import { actorOf } from '../auth/gate';

type MapHandlers = Pick<Handlers, 'map:points' | 'map:basemap' | 'map:set-basemap'>;

export function mapHandlers({ db, now, tiles, transport }: HandlerDeps & { tiles: TileService; transport: Transport }): MapHandlers {
  return {
    'map:points': ({ filter }) => mapPoints(db, filter, now()),
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
