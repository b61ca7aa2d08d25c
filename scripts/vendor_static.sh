#!/usr/bin/env bash
# Regenerate static/ : the JS/CSS the map needs (Leaflet at the version folium 0.20 pins,
# Leaflet.markercluster 1.5.3, the release made for Leaflet 1.x), fetched from the npm registry (the app itself never touches a CDN). Run it after a folium
# upgrade, then check mapapp/assets.py and commit static/.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(
    cd "$work"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --silent \
        leaflet@1.9.3 leaflet.markercluster@1.5.3
)
nm="$work/node_modules"
rm -rf static/vendor
mkdir -p static/vendor/leaflet/images static/vendor/leaflet.markercluster
cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" static/vendor/leaflet/
cp "$nm/leaflet/dist/images/"*.png static/vendor/leaflet/images/
cp "$nm/leaflet/LICENSE" static/vendor/leaflet/
mc="$nm/leaflet.markercluster"
cp "$mc/dist/leaflet.markercluster.js" "$mc/dist/MarkerCluster.css" "$mc/MIT-LICENCE.txt" \
    static/vendor/leaflet.markercluster/
# No source map next to it: drop the comment that would make devtools ask for one.
sed -i '/^\/\/# sourceMappingURL/d' static/vendor/leaflet.markercluster/leaflet.markercluster.js
# A stylesheet that pulls fonts or images from another host would break offline use.
if grep -rnE "url\\((['\"])?(https?:)?//" static/vendor --include='*.css'; then
    echo "vendored CSS references a remote URL: rewrite it to a local copy" >&2
    exit 1
fi
du -sh static/vendor
