import { Group, Text } from '@mantine/core';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '@kezek/domain';

export interface MapPoint {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

/** Where a click marks the parent's home, and the radius drawn around it (docs/rules.md, "Ranked preferences"). */
export interface HomePick {
  home: GeoPoint | null;
  radiusKm: number;
  onPick: (home: GeoPoint) => void;
}

const HOME_STYLE = { color: '#b71c1c', fillColor: '#e53935', fillOpacity: 0.9 };

/**
 * The kindergartens on a map, shown only once a tile has loaded: without tiles (offline, blocked,
 * or turned off by the operator) the page keeps the list alone. A marker click picks the place, as
 * the list does; the list stays the way to choose with a keyboard. With `homePick` a click marks
 * home instead, and the form's coordinate fields stay the way to mark it with a keyboard.
 */
export function KindergartenMap({
  tiles,
  points,
  selected = null,
  onSelect,
  homePick,
}: {
  tiles: string;
  points: MapPoint[];
  selected?: string | null;
  onSelect?: (id: string) => void;
  homePick?: HomePick;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const markers = useRef(new Map<string, L.CircleMarker>());
  const choose = useRef(onSelect);
  const pickHome = useRef(homePick?.onPick);
  useEffect(() => {
    choose.current = onSelect;
    pickHome.current = homePick?.onPick;
  }, [onSelect, homePick?.onPick]);
  const mapRef = useRef<L.Map | null>(null);
  const picking = homePick !== undefined;
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  const zoomIn = t('placement.choose.mapZoomIn');
  const zoomOut = t('placement.choose.mapZoomOut');
  const attribution = t('placement.choose.mapAttribution');

  useEffect(() => {
    if (!container.current || points.length === 0) return;
    const map = L.map(container.current, { zoomControl: false, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: zoomIn, zoomOutTitle: zoomOut }).addTo(map);
    // Leaflet's own credit carries an English title; the tiles' credit is in the page's language.
    map.attributionControl.setPrefix(false);
    const layer = L.tileLayer(tiles, { maxZoom: 18, attribution });
    layer.once('tileload', () => {
      setLoaded(true);
      setFailed(false);
    });
    layer.once('tileerror', () => setFailed(true));
    layer.addTo(map);
    map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])).pad(0.3), { maxZoom: 15 });
    const placed = markers.current;
    for (const point of points) {
      // The name as text: Leaflet writes a string tooltip as HTML, and names come from people.
      const label = document.createElement('span');
      label.textContent = point.name;
      const marker = L.circleMarker([point.lat, point.lon], { radius: 9, weight: 2 })
        .bindTooltip(label)
        .on('click', () => choose.current?.(point.id))
        .addTo(map);
      placed.set(point.id, marker);
    }
    // A click anywhere, on a kindergarten's marker too, marks home there.
    map.on('click', (event) =>
      pickHome.current?.({ lat: event.latlng.lat, lon: event.latlng.lng }),
    );
    mapRef.current = map;
    return () => {
      mapRef.current = null;
      placed.clear();
      map.remove();
    };
  }, [tiles, points, zoomIn, zoomOut, attribution]);

  const home = homePick?.home ?? null;
  const radiusKm = homePick?.radiusKm ?? 0;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !home) return;
    const at: L.LatLngExpression = [home.lat, home.lon];
    // Not interactive: a click on them marks home anew, as anywhere on the map.
    const shown = { ...HOME_STYLE, interactive: false };
    const reach = L.circle(at, { ...shown, radius: radiusKm * 1000, weight: 1, fillOpacity: 0.08 });
    const marker = L.circleMarker(at, { ...shown, radius: 7, weight: 2 });
    reach.addTo(map);
    marker.addTo(map);
    return () => {
      marker.remove();
      reach.remove();
    };
  }, [home, radiusKm, points, tiles]);

  useEffect(() => {
    for (const [id, marker] of markers.current) {
      marker.setStyle(
        id === selected
          ? { color: '#1b5e20', fillColor: '#2e7d32', fillOpacity: 0.9 }
          : { color: '#0d47a1', fillColor: '#1976d2', fillOpacity: 0.5 },
      );
    }
  }, [selected, points]);

  return (
    <>
      {/* Laid out at full size from the start (Leaflet asks for tiles only for a sized map), but
          folded away until the first tile arrives. */}
      <div
        className={loaded ? 'kindergarten-map' : 'kindergarten-map kindergarten-map--waiting'}
        aria-hidden={!loaded}
        data-testid="kindergarten-map"
      >
        <div
          ref={container}
          role="region"
          aria-label={picking ? t('apply.nearby.mapLabel') : t('placement.choose.mapLabel')}
          className="kindergarten-map__canvas"
        />
      </div>
      {loaded ? (
        <Group gap="lg" aria-label={t('placement.choose.mapLegend')} role="list">
          <Group gap={6} role="listitem">
            <span
              className={picking ? 'map-dot map-dot--home' : 'map-dot map-dot--selected'}
              aria-hidden
            />
            <Text size="sm">
              {picking ? t('apply.nearby.mapHome') : t('placement.choose.mapSelected')}
            </Text>
          </Group>
          <Group gap={6} role="listitem">
            <span className="map-dot" aria-hidden />
            <Text size="sm">
              {picking ? t('apply.nearby.mapKindergartens') : t('placement.choose.mapOther')}
            </Text>
          </Group>
        </Group>
      ) : failed ? (
        <Text size="sm" c="dimmed" role="status">
          {t('placement.choose.mapUnavailable')}
        </Text>
      ) : null}
    </>
  );
}
