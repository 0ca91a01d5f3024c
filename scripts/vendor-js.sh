#!/usr/bin/env bash
# Copy the browser libraries of package.json (installed from the npm registry at the
# versions of package-lock.json) into static/vendor/, which is committed: running
# the site, `make demo` and the tests need no npm. Run it after changing a version
# in package.json (`npm install --save-exact NAME@VERSION`), then commit
# package.json, package-lock.json and static/vendor/.
#
#   scripts/vendor-js.sh          # npm ci, copy, remove node_modules/
#   KEEP_NODE_MODULES=1 scripts/vendor-js.sh
set -euo pipefail

cd "$(dirname "$0")/.."
npm ci --ignore-scripts --no-audit --no-fund

version() { node -p "require('./node_modules/$1/package.json').version"; }

dest=static/vendor/leaflet
rm -rf "$dest"
mkdir -p "$dest/images"
# Leaflet: the minified build, its stylesheet and the images the stylesheet uses.
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$dest/"
cp node_modules/leaflet/dist/images/*.png "$dest/images/"
cp node_modules/leaflet/LICENSE "$dest/LICENSE-leaflet"
# leaflet.markercluster: the minified build and both stylesheets.
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
    node_modules/leaflet.markercluster/dist/MarkerCluster.css \
    node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css "$dest/"
cp node_modules/leaflet.markercluster/MIT-LICENCE.txt "$dest/LICENSE-markercluster"
# The builds end with a sourceMappingURL comment to a .map we do not ship: drop it,
# so browsers' developer tools do not ask for a missing file.
sed -i '/^\/\/# sourceMappingURL=/d' "$dest/leaflet.js" "$dest/leaflet.markercluster.js"

# axe-core (a devDependency): the accessibility checks of the browser tests
# (tests/browser/test_accessibility.py). Never served by the site.
axe=tests/browser/vendor
rm -rf "$axe"
mkdir -p "$axe"
cp node_modules/axe-core/axe.min.js "$axe/"
cp node_modules/axe-core/LICENSE "$axe/LICENSE-axe-core"
cat > "$axe/README.md" <<README
# axe-core $(version axe-core) (MPL-2.0)

Injected by tests/browser/test_accessibility.py into the pages it checks; not part
of the site. Installed from the npm registry at the version pinned in
package.json (devDependencies) and copied here by scripts/vendor-js.sh; do not
edit by hand.
README

cat > static/vendor/README.md <<README
# Vendored browser libraries

Served by the site itself (no third-party CDN). Installed from the npm registry at
the versions pinned in the repository's \`package.json\` / \`package-lock.json\`
and copied here by \`scripts/vendor-js.sh\`; do not edit these files by hand.

| library | version | licence | files |
| --- | --- | --- | --- |
| leaflet | $(version leaflet) | BSD-2-Clause | leaflet/leaflet.js, leaflet.css, images/ |
| leaflet.markercluster | $(version leaflet.markercluster) | MIT | leaflet/leaflet.markercluster.js, MarkerCluster.css, MarkerCluster.Default.css |

Used by the map page (templates/search/map.html, static/js/map.js).
To upgrade: \`npm install --save-exact leaflet@X.Y.Z\`, run \`scripts/vendor-js.sh\`,
check the map page and \`tests/browser/test_map.py\`, commit.
README

if [ -z "${KEEP_NODE_MODULES:-}" ]; then
    rm -rf node_modules
fi
echo "Vendored into static/vendor/ (see static/vendor/README.md)."
