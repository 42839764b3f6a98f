import L from 'leaflet';

// Leaflet.markercluster extends the global L.
(window as unknown as { L: typeof L }).L = L;
