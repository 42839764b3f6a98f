import { mapPoints } from '../../db/queries/map';
import type { Handlers } from '../contract';
import type { TileService } from '../tiles/tileService';
import type { HandlerDeps } from './deps';

type MapHandlers = Pick<Handlers, 'map:points' | 'map:basemap' | 'map:set-basemap'>;

export function mapHandlers({ db, now, tiles }: HandlerDeps & { tiles: TileService }): MapHandlers {
  return {
    'map:points': ({ filter }) => mapPoints(db, filter, now()),
    'map:basemap': () => tiles.view(),
    'map:set-basemap': (input) => tiles.update(input, now()),
  };
}
