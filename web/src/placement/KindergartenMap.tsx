import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface MapPoint {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

/**
 * The kindergartens on a map, shown only once a tile has loaded: without tiles (offline, blocked,
 * or turned off by the operator) the page keeps the list alone. A marker click picks the place, as
 * the list does; the list stays the way to choose with a keyboard.
 */
export function KindergartenMap({
  tiles,
  points,
  selected,
  onSelect,
}: {
  tiles: string;
  points: MapPoint[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const markers = useRef(new Map<string, L.CircleMarker>());
  const choose = useRef(onSelect);
  useEffect(() => {
    choose.current = onSelect;
  }, [onSelect]);
  const [loaded, setLoaded] = useState(false);
  const zoomIn = t('placement.choose.mapZoomIn');
  const zoomOut = t('placement.choose.mapZoomOut');
  const attribution = t('placement.choose.mapAttribution');

  useEffect(() => {
    if (!container.current || points.length === 0) return;
    const map = L.map(container.current, { zoomControl: false, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: zoomIn, zoomOutTitle: zoomOut }).addTo(map);
    const layer = L.tileLayer(tiles, { maxZoom: 18, attribution });
    layer.once('tileload', () => setLoaded(true));
    layer.addTo(map);
    map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])).pad(0.3), { maxZoom: 15 });
    const placed = markers.current;
    for (const point of points) {
      const marker = L.circleMarker([point.lat, point.lon], { radius: 9, weight: 2 })
        .bindTooltip(point.name)
        .on('click', () => choose.current(point.id))
        .addTo(map);
      placed.set(point.id, marker);
    }
    return () => {
      placed.clear();
      map.remove();
    };
  }, [tiles, points, zoomIn, zoomOut, attribution]);

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
    // Laid out at full size from the start (Leaflet asks for tiles only for a sized map), but
    // folded away until the first tile arrives.
    <div
      className={loaded ? 'kindergarten-map' : 'kindergarten-map kindergarten-map--waiting'}
      aria-hidden={!loaded}
      data-testid="kindergarten-map"
    >
      <div
        ref={container}
        role="region"
        aria-label={t('placement.choose.mapLabel')}
        className="kindergarten-map__canvas"
      />
    </div>
  );
}
