"""Forms read from a page and filled as a browser would send them."""

from __future__ import annotations

from bs4 import BeautifulSoup


def form_fields(
    html: str,
    *,
    action_contains: str | None = None,
    form_id: str | None = None,
    with_action: bool = False,
):
    """The fields a browser would send for the first matching form: inputs with
    their values (checked boxes only), textareas, selected options. Submit buttons
    are left out (the caller adds the one it clicks)."""
    soup = BeautifulSoup(html, "html.parser")
    form = None
    for candidate in soup.find_all("form"):
        if form_id and candidate.get("id") != form_id:
            continue
        if action_contains and action_contains not in (candidate.get("action") or ""):
            continue
        form = candidate
        break
    fields: dict[str, object] = {}
    if form is None:
        return ("", fields) if with_action else fields
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "textarea":
            _add(fields, name, element.text)
        elif element.name == "select":
            chosen = element.find_all("option", selected=True)
            if not chosen and not element.has_attr("multiple"):
                chosen = element.find_all("option")[:1]
            for option in chosen:
                _add(fields, name, option.get("value", option.text))
        else:
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            _add(fields, name, element.get("value", "on" if kind == "checkbox" else ""))
    if with_action:
        return form.get("action") or "", fields
    return fields


def _add(fields: dict, name: str, value: str) -> None:
    if name in fields:
        existing = fields[name]
        fields[name] = (
            [*existing, value] if isinstance(existing, list) else [existing, value]
        )
    else:
        fields[name] = value
