/*
 * Gazetteer suggestions for the entity form in the Wagtail admin.
 *
 * Progressive enhancement: without this script the editor types a municipality's
 * name and the form looks it up when it is saved (project_pages/forms.py). With it,
 * suggestions appear as the editor types, and picking one fills the municipality,
 * county (the comarca where the gazetteer has it, else the province or region),
 * country, population and coordinates, which the editor can still correct.
 *
 * The input carries data-gazetteer-url; the endpoint answers ?q=... with
 * {"results": [{id, name, region, province, county, county_or_region, country,
 * population, latitude, longitude, label}]}, best match first.
 */
(function () {
    "use strict";

    var MIN_LENGTH = 2;
    var DELAY_MS = 250;
    var FIELDS = {
        municipality: "name",
        region: "county_or_region",
        country: "country",
        population: "population",
        latitude: "latitude",
        longitude: "longitude",
    };
    var state = new WeakMap();

    function optionValue(place) {
        return place.label + " (#" + place.id + ")";
    }

    function format(template, values) {
        return (template || "").replace(/\{(\w+)\}/g, function (match, key) {
            return key in values ? values[key] : match;
        });
    }

    function statusOf(input) {
        return document.getElementById(input.getAttribute("aria-describedby") || "");
    }

    function announce(input, key, values) {
        var status = statusOf(input);
        if (status) {
            status.textContent = format(status.dataset[key], values || {});
        }
    }

    function stateOf(input) {
        var current = state.get(input);
        if (!current) {
            current = { timer: null, controller: null, places: {} };
            state.set(input, current);
        }
        return current;
    }

    function fill(input, place) {
        var form = input.form || document;
        Object.keys(FIELDS).forEach(function (field) {
            var target = form.querySelector("#id_" + field);
            var value = place[FIELDS[field]];
            if (!target || value === null || value === undefined || value === "") {
                return;
            }
            target.value = String(value);
            target.dispatchEvent(new Event("change", { bubbles: true }));
        });
        announce(input, "textFilled", { label: place.label });
    }

    function showSuggestions(input, places) {
        var list = document.getElementById(input.getAttribute("list") || "");
        var current = stateOf(input);
        current.places = {};
        if (!list) {
            return;
        }
        list.replaceChildren();
        places.forEach(function (place) {
            var option = document.createElement("option");
            option.value = optionValue(place);
            list.appendChild(option);
            current.places[option.value] = place;
        });
        if (places.length) {
            announce(input, "textFound", { count: places.length });
        } else {
            announce(input, "textNone");
        }
    }

    function lookUp(input) {
        var current = stateOf(input);
        var query = input.value.trim();
        if (current.places[input.value]) {
            return; // a suggestion was picked: no new search
        }
        if (query.length < MIN_LENGTH) {
            showSuggestions(input, []);
            announce(input, "textEmpty");
            return;
        }
        if (current.controller) {
            current.controller.abort();
        }
        current.controller = new AbortController();
        var url = new URL(input.dataset.gazetteerUrl, window.location.href);
        url.searchParams.set("q", query);
        fetch(url, {
            headers: { Accept: "application/json" },
            credentials: "same-origin",
            signal: current.controller.signal,
        })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error("HTTP " + response.status);
                }
                return response.json();
            })
            .then(function (data) {
                if (input.value.trim() === query) {
                    showSuggestions(input, data.results || []);
                }
            })
            .catch(function (error) {
                if (error.name !== "AbortError") {
                    announce(input, "textError");
                }
            });
    }

    function onInput(event) {
        var input = event.target;
        if (!(input instanceof HTMLInputElement) || !input.dataset.gazetteerUrl) {
            return;
        }
        var current = stateOf(input);
        var picked = current.places[input.value];
        if (picked) {
            fill(input, picked);
            return;
        }
        clearTimeout(current.timer);
        current.timer = setTimeout(function () {
            lookUp(input);
        }, DELAY_MS);
    }

    // Delegated, so inputs added later (e.g. in a modal) work too.
    document.addEventListener("input", onInput);
    document.addEventListener("change", onInput);
})();
