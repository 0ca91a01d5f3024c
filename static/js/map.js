/*
 * The map of project files (templates/search/map.html, search/views_map.py).
 *
 * Reads its settings from <script id="map-config" type="application/json">, fetches
 * every matching item from config.apiUrl ({"results": [{kind, id, title, url, lat,
 * lon, ...}]}) and draws one clustered layer per kind of item. A kind is a
 * renderer in KINDS: "project" is here; another (the caravan's stops) is added with
 * ObservatoryMap.addKind("stop", {label, icon(item, config), popup(item, config)})
 * before DOMContentLoaded, or by giving its items a "kind" in the same JSON.
 *
 * Tiles come from config.tilesUrl (a setting); empty = none. When tiles cannot be
 * loaded the tile layer is removed and a notice says so: the markers stay, on a
 * blank background. Without JavaScript (or if anything here fails) the server's
 * list of project files stays visible.
 *
 * Each kind is clustered on its own (one marker cluster group per kind), and its
 * groups are named after what they hold (aria-label "2 caravan stops: zoom in").
 *
 * After drawing, the map element carries data-marker-count (every marker in the
 * cluster groups, clustered or not) and data-map-ready="true".
 */
(function () {
    "use strict";

    var KINDS = {};

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text) {
            node.textContent = text;
        }
        return node;
    }

    function format(template, values) {
        return template.replace(/%\((\w+)\)s/g, function (match, name) {
            return values[name] !== undefined ? String(values[name]) : match;
        });
    }

    // A link to one of our pages: the path only, so it works on any host name
    // the site answers on (stored URLs carry the canonical host).
    function sitePath(url) {
        var link = document.createElement("a");
        link.href = url;
        return link.pathname + link.search + link.hash;
    }

    function areaColour(item, config) {
        var first = item.areas && item.areas.length ? item.areas[0] : null;
        return (first && config.colours[first]) || config.noAreaColour;
    }

    KINDS.project = {
        icon: function (item, config) {
            // The element itself, not its HTML: a style attribute parsed from
            // markup is refused by the Content-Security-Policy, one set from
            // script is not.
            var dot = element("span", "map-marker__dot");
            dot.style.background = areaColour(item, config);
            return L.divIcon({
                className: "map-marker map-marker--project",
                html: dot,
                iconSize: [22, 22],
                iconAnchor: [11, 11],
                popupAnchor: [0, -10]
            });
        },
        popup: function (item, config) {
            var box = element("div", "map-popup");
            var title = element("p", "map-popup__title");
            var link = element("a", null, item.title);
            link.href = sitePath(item.url);
            title.appendChild(link);
            box.appendChild(title);
            var place = [item.entity, item.municipality].filter(function (text, index, all) {
                return text && (index === 0 || all[0].indexOf(text) === -1);
            });
            if (place.length) {
                box.appendChild(element("p", "map-popup__place", place.join(" · ")));
            }
            if (item.phase) {
                var phase = element("p", "map-popup__phase");
                phase.appendChild(
                    element("span", "badge badge--" + item.phase, config.phases[item.phase] || item.phase)
                );
                box.appendChild(phase);
            }
            var areas = (item.areas || []).map(function (code) {
                return config.areas[code] || code;
            });
            if (areas.length) {
                box.appendChild(element("p", "map-popup__areas muted", areas.join(" · ")));
            }
            return box;
        }
    };

    // The caravan's coming stops: a square marker, the date and place in the popup;
    // drawn in a pane of their own above the project files, and their groups set
    // beside (up and to the right of) the point they stand for, so that a group of
    // stops never hides a group of project files there (the legend says so).
    KINDS.stop = {
        label: null,
        pane: "stops",
        clusterMessage: "stopCluster",
        clusterClass: "map-cluster map-cluster--stop",
        clusterOffset: 18,
        icon: function () {
            return L.divIcon({
                className: "map-marker map-marker--stop",
                html: '<span class="map-marker__square"></span>',
                iconSize: [20, 20],
                iconAnchor: [10, 10],
                popupAnchor: [0, -10]
            });
        },
        popup: function (item) {
            var box = element("div", "map-popup");
            var title = element("p", "map-popup__title");
            var link = element("a", null, item.title);
            link.href = sitePath(item.url);
            title.appendChild(link);
            box.appendChild(title);
            box.appendChild(
                element("p", "map-popup__place", [item.date, item.place].filter(Boolean).join(" · "))
            );
            return box;
        }
    };

    // A divIcon whose element carries its accessible name (aria-label): Leaflet
    // makes keyboard markers role="button", named by this label.
    var LabelledIcon = L.DivIcon.extend({
        createIcon: function (oldIcon) {
            var node = L.DivIcon.prototype.createIcon.call(this, oldIcon);
            if (this.options.label) {
                node.setAttribute("aria-label", this.options.label);
            }
            return node;
        }
    });

    // Each kind's groups say what they hold ("61 project files: zoom in", "2
    // caravan stops: zoom in"), in the page's language (config.messages).
    function clusterIcon(config, kind) {
        var template = config.messages[kind.clusterMessage || "cluster"] || config.messages.cluster;
        return function (cluster) {
            var count = cluster.getChildCount();
            var size = count < 10 ? 34 : count < 100 ? 40 : 48;
            var label = format(template, { n: count });
            var icon = element("span");
            icon.appendChild(element("span", "map-cluster__count", String(count)))
                .setAttribute("aria-hidden", "true");
            icon.appendChild(element("span", "visually-hidden", label));
            var options = {
                className: kind.clusterClass || "map-cluster",
                html: icon.innerHTML,
                iconSize: [size, size],
                label: label
            };
            if (kind.clusterOffset) {
                // The icon's lower left corner clear of a project group's circle
                // (at most 24 px across the same point).
                options.iconAnchor = [-kind.clusterOffset, size + kind.clusterOffset];
            }
            return new LabelledIcon(options);
        };
    }

    function showNotice(container, text) {
        var notice = container.parentNode.querySelector("[data-map-notice]");
        if (notice) {
            notice.textContent = text;
            notice.hidden = false;
        }
    }

    function addTiles(map, container, config) {
        if (!config.tilesUrl) {
            container.classList.add("map--blank");
            return;
        }
        var loaded = 0;
        var failed = false;
        var tiles = L.tileLayer(config.tilesUrl, {
            attribution: config.attribution,
            maxZoom: 18
        });
        tiles.on("tileload", function () {
            loaded += 1;
        });
        // Some tiles may fail now and then; when none has loaded, the server is
        // unreachable (offline, blocked): no background rather than grey squares.
        tiles.on("tileerror", function () {
            if (failed || loaded > 0) {
                return;
            }
            failed = true;
            map.removeLayer(tiles);
            container.classList.add("map--blank");
            container.dataset.tiles = "failed";
            showNotice(container, config.messages.tilesFailed);
        });
        tiles.addTo(map);
    }

    function draw(container, config, data) {
        var map = L.map(container, {
            center: [41.8, 1.6],
            zoom: 7,
            // Also what markercluster needs when there is no tile layer.
            minZoom: 2,
            maxZoom: 18,
            zoomControl: true,
            keyboard: true,
            attributionControl: true
        });
        map.attributionControl.setPrefix(false);
        // Above the project files' markers, below popups (.leaflet-stops-pane
        // in map.css).
        map.createPane("stops");
        addTiles(map, container, config);

        var groups = {};
        var bounds = L.latLngBounds([]);
        var total = 0;
        var unlocated = 0;
        (data.results || []).forEach(function (item) {
            var kind = KINDS[item.kind || "project"];
            if (!kind) {
                return;
            }
            if (item.lat === null || item.lon === null || item.lat === undefined) {
                unlocated += 1;
                return;
            }
            var name = item.kind || "project";
            if (!groups[name]) {
                groups[name] = { markers: [], kind: kind };
            }
            var latlng = L.latLng(item.lat, item.lon);
            var markerOptions = {
                icon: kind.icon(item, config),
                title: item.title,
                alt: item.title,
                keyboard: true,
                riseOnHover: true
            };
            if (kind.pane) {
                markerOptions.pane = kind.pane;
            }
            var marker = L.marker(latlng, markerOptions);
            marker.bindPopup(function () {
                return kind.popup(item, config);
            });
            groups[name].markers.push(marker);
            bounds.extend(latlng);
            total += 1;
        });

        if (bounds.isValid()) {
            map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13, animate: false });
        }
        var overlays = {};
        Object.keys(groups).forEach(function (name) {
            var clusterOptions = {
                iconCreateFunction: clusterIcon(config, groups[name].kind),
                showCoverageOnHover: false,
                maxClusterRadius: 50,
                spiderfyOnMaxZoom: true
            };
            if (groups[name].kind.pane) {
                clusterOptions.clusterPane = groups[name].kind.pane;
            }
            var group = L.markerClusterGroup(clusterOptions);
            // Added while off the map: clustered in one pass, then shown.
            group.addLayers(groups[name].markers);
            // Cluster icons are focusable markers: Enter zooms in (or spreads the
            // markers out at the deepest zoom), as a click does.
            group.on("clusterkeypress", function (event) {
                var key = event.originalEvent && event.originalEvent.key;
                if (key === "Enter" || key === " ") {
                    if (map.getZoom() >= map.getMaxZoom()) {
                        event.layer.spiderfy();
                    } else {
                        event.layer.zoomToBounds({ padding: [24, 24] });
                    }
                }
            });
            group.addTo(map);
            var label = (config.messages && config.messages[name + "s"]) || groups[name].kind.label || name;
            overlays[label] = group;
            container.dataset["markerCount" + name.charAt(0).toUpperCase() + name.slice(1)] =
                String(group.getLayers().length);
        });
        if (Object.keys(overlays).length > 1) {
            L.control.layers(null, overlays, { collapsed: false }).addTo(map);
        }

        if (unlocated) {
            var extra = container.parentNode.querySelector("[data-map-unlocated]");
            if (!extra) {
                extra = element("p", "muted map-unlocated");
                extra.setAttribute("data-map-unlocated", "");
                container.parentNode.appendChild(extra);
            }
            extra.textContent = format(config.messages.withoutLocation, { n: unlocated });
        }
        container.dataset.markerCount = String(total);
        container.dataset.mapReady = "true";
        return map;
    }

    // The legend's colours, from data-colour (see the note in KINDS.project).
    function paintSwatches() {
        document.querySelectorAll(".map-swatch[data-colour]").forEach(function (swatch) {
            swatch.style.background = swatch.getAttribute("data-colour");
        });
    }

    function start() {
        paintSwatches();
        var container = document.querySelector("[data-map]");
        var source = document.getElementById("map-config");
        if (!container || !source || !window.L || !L.markerClusterGroup || !window.fetch) {
            return;
        }
        var config = JSON.parse(source.textContent);
        var list = document.querySelector("[data-map-list]");
        container.classList.add("is-loading");
        fetch(config.apiUrl, { headers: { Accept: "application/json" } })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error("HTTP " + response.status);
                }
                return response.json();
            })
            .then(function (data) {
                container.classList.remove("is-loading");
                draw(container, config, data);
                if (data.notice) {
                    showNotice(container, data.notice);
                }
                if (list) {
                    list.hidden = true;
                }
            })
            .catch(function () {
                container.classList.remove("is-loading");
                container.dataset.mapReady = "failed";
                showNotice(container, config.messages.loadFailed);
            });
    }

    window.ObservatoryMap = {
        kinds: KINDS,
        addKind: function (name, renderer) {
            KINDS[name] = renderer;
        }
    };

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
