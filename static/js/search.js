/*
 * The search page, better with JavaScript (templates/search/search_page.html).
 *
 * Without this script the page is a plain GET form: visitors tick filters and press
 * "Apply filters", and type their municipality's name. With it, ticking a filter or
 * changing the sort submits the form at once, empty fields stay out of the address,
 * and the municipality field suggests names from the public gazetteer endpoint
 * (data-places-url → {"results": [{label}]}).
 */
(function () {
    "use strict";

    var MIN_LENGTH = 2;
    var DELAY_MS = 250;

    function autosubmit(form) {
        form.addEventListener("change", function (event) {
            if (!event.target.matches("[data-autosubmit]")) {
                return;
            }
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

    function init() {
        document.querySelectorAll("[data-search-form]").forEach(autosubmit);
        document.querySelectorAll("[data-search-form]").forEach(cleanSubmit);
        document.querySelectorAll("[data-places-url]").forEach(suggestPlaces);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
