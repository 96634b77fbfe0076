import type { Config } from '../config.ts';

/** The map tiles' template, or null when the operator turned the map off. */
export function mapTiles(config: Config): string | null {
  return config.KEZEK_MAP_TILES === 'off' ? null : config.KEZEK_MAP_TILES;
}

/** The origins the Content-Security-Policy lets images come from for the map. */
export function mapTileOrigins(config: Config): string[] {
  const tiles = mapTiles(config);
  return tiles ? [new URL(tiles).origin] : [];
}
