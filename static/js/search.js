/*
 * The search page, better with JavaScript (templates/search/search_page.html).
 *
 * Without this script the page is a plain GET form: visitors tick filters and press
 * "Apply filters", and type their municipality's name. With it, ticking a filter or
 * changing the sort submits the form at once, empty fields stay out of the address,
 * and the municipality field suggests names from the public gazetteer endpoint
 * (data-places-url → {"results": [{label}]}). After such a reload the focus is back
 * on the filter the visitor ticked (the address ends in #filter=NAME=VALUE), and on
 * a phone the filters start folded under "Filters (n)" unless one was just used.
 * The header's search icon leads to #search-q: the words field gets the focus.
 */
(function () {
    "use strict";

    var MIN_LENGTH = 2;
    var DELAY_MS = 250;

    var FILTER_HASH = "#filter=";
    // Phones: the filters start folded above the results ("Filters (n)").
    var PHONE = "(max-width: 700px)";

    // The address the form goes to names the control just changed, so that the
    // reloaded page puts the focus back on it (focusChanged): a ticked filter
    // as "#filter=NAME=VALUE", another control by its id.
    function markChanged(form, control) {
        var hash = "";
        if (control.type === "checkbox") {
            hash = FILTER_HASH + encodeURIComponent(control.name + "=" + control.value);
        } else if (control.id) {
            hash = "#" + control.id;
        }
        form.setAttribute("action", hash);
    }

    function changedControl(form) {
        var hash = window.location.hash;
        if (hash.indexOf(FILTER_HASH) === 0) {
            var pair = decodeURIComponent(hash.slice(FILTER_HASH.length));
            var cut = pair.indexOf("=");
            var name = pair.slice(0, cut);
            var value = pair.slice(cut + 1);
            var found = null;
            form.querySelectorAll("input[type=checkbox][data-autosubmit]").forEach(function (box) {
                if (box.name === name && box.value === value) {
                    found = box;
                }
            });
            // A filter that is gone from the list (no result has it any more):
            // the filters themselves.
            return found || form.querySelector("[data-filters] summary");
        }
        if (hash.length > 1) {
            var target = document.getElementById(decodeURIComponent(hash.slice(1)));
            if (target && form.contains(target) && target.matches("[data-autosubmit]")) {
                return target;
            }
        }
        return null;
    }

    function openFilters(form) {
        var filters = form.querySelector("[data-filters]");
        if (filters) {
            filters.open = true;
        }
    }

    function foldFilters(form) {
        var filters = form.querySelector("[data-filters]");
        if (!filters) {
            return;
        }
        var control = changedControl(form);
        if (control) {
            if (filters.contains(control)) {
                filters.open = true;
            }
            control.focus();
        } else if (window.location.hash !== "#filters" && window.matchMedia &&
                window.matchMedia(PHONE).matches) {
            filters.open = false;
        }
        // "Skip to filters" unfolds them.
        document.querySelectorAll("a[href='#filters']").forEach(function (link) {
            link.addEventListener("click", function () {
                openFilters(form);
            });
        });
    }

    function autosubmit(form) {
        form.addEventListener("change", function (event) {
            if (!event.target.matches("[data-autosubmit]")) {
                return;
            }
            markChanged(form, event.target);
            form.classList.add("is-loading");
            if (typeof form.requestSubmit === "function") {
                form.requestSubmit();
            } else {
                form.submit();
            }
        });
    }

    // Only what the visitor set travels in the address: an empty field (the sort
    // left at its default, no municipality) and a distance without a
    // municipality are left out, so the URL says what the search is.
    function cleanSubmit(form) {
        form.addEventListener("submit", function () {
            var place = form.querySelector("[name=place]");
            form.querySelectorAll("input[name], select[name]").forEach(function (field) {
                var empty = field.value === "";
                var orphan = field.name === "within" && place && place.value.trim() === "" &&
                    field.value !== "abroad";
                if ((empty || orphan) && field.type !== "checkbox") {
                    field.disabled = true;
                    window.setTimeout(function () { field.disabled = false; }, 0);
                }
            });
        });
    }

    function suggestPlaces(input) {
        var list = document.getElementById(input.getAttribute("list") || "");
        var url = input.dataset.placesUrl;
        var timer = null;
        var controller = null;
        if (!list || !url || !window.fetch) {
            return;
        }
        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            var text = input.value.trim();
            if (text.length < MIN_LENGTH) {
                list.replaceChildren();
                return;
            }
            timer = window.setTimeout(function () {
                if (controller) {
                    controller.abort();
                }
                controller = new AbortController();
                fetch(url + "?q=" + encodeURIComponent(text), {
                    signal: controller.signal,
                    headers: { Accept: "application/json" },
                })
                    .then(function (response) {
                        return response.ok ? response.json() : { results: [] };
                    })
                    .then(function (data) {
                        list.replaceChildren();
                        (data.results || []).forEach(function (place) {
                            var option = document.createElement("option");
                            option.value = place.label;
                            list.appendChild(option);
                        });
                    })
                    .catch(function (error) {
                        if (error.name !== "AbortError") {
                            list.replaceChildren();
                        }
                    });
            }, DELAY_MS);
        });
    }

    function focusWords() {
        var words = document.getElementById("search-q");
        if (words && window.location.hash === "#search-q") {
            words.focus();
        }
    }

    function init() {
        focusWords();
        document.querySelectorAll("[data-search-form]").forEach(autosubmit);
        document.querySelectorAll("[data-search-form]").forEach(foldFilters);
        document.querySelectorAll("[data-search-form]").forEach(cleanSubmit);
        document.querySelectorAll("[data-places-url]").forEach(suggestPlaces);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
