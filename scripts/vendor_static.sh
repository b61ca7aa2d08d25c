#!/usr/bin/env bash
# Regenerate static/ : the JS/CSS the map needs, at the exact versions folium 0.20 pins,
# fetched from the npm registry (the app itself never touches a CDN). Run it after a folium
# upgrade, then check mapapp/assets.py and commit static/.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(
    cd "$work"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --silent \
        leaflet@1.9.3 leaflet.timeline@1.6.0 moment@2.18.1
)
nm="$work/node_modules"
rm -rf static/vendor
mkdir -p static/vendor/leaflet/images static/vendor/leaflet.timeline static/vendor/moment
cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" static/vendor/leaflet/
cp "$nm/leaflet/dist/images/"*.png static/vendor/leaflet/images/
cp "$nm/leaflet/LICENSE" static/vendor/leaflet/
cp "$nm/leaflet.timeline/dist/leaflet.timeline.js" "$nm/leaflet.timeline/LICENSE" \
    static/vendor/leaflet.timeline/
cp "$nm/moment/min/moment.min.js" "$nm/moment/LICENSE" static/vendor/moment/
# A stylesheet that pulls fonts or images from another host would break offline use.
if grep -rnE "url\\((['\"])?(https?:)?//" static/vendor --include='*.css'; then
    echo "vendored CSS references a remote URL: rewrite it to a local copy" >&2
    exit 1
fi
du -sh static/vendor
