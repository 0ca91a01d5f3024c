"""Forms read from a page and filled as a browser would send them."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup


def form_fields(
    html: str,
    *,
    action_contains: str | None = None,
    form_id: str | None = None,
    form_class: str | None = None,
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
        if form_class and form_class not in (candidate.get("class") or []):
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
    for block in form.find_all(attrs={"data-controller": "w-block"}):
        # StreamFields are drawn by the admin's JavaScript from this JSON; a
        # browser then posts them as the inputs built here.
        name = block.get("id")
        arguments = block.get("data-w-block-arguments-value")
        if name and arguments:
            fields.update(stream_inputs(name, json.loads(arguments)[0] or []))
    if with_action:
        return form.get("action") or "", fields
    return fields


def stream_inputs(prefix: str, blocks: list[dict]) -> dict[str, object]:
    """The inputs Wagtail's StreamField editor posts for ``blocks``."""
    inputs: dict[str, object] = {f"{prefix}-count": str(len(blocks))}
    for index, block in enumerate(blocks):
        at = f"{prefix}-{index}"
        inputs.update(
            {
                f"{at}-type": block["type"],
                f"{at}-id": block.get("id") or "",
                f"{at}-order": str(index),
                f"{at}-deleted": "",
            }
        )
        value = block["value"]
        if isinstance(value, dict):
            for child, child_value in value.items():
                inputs[f"{at}-value-{child}"] = _plain(child_value)
        else:
            inputs[f"{at}-value"] = _plain(value)
    return inputs


def _plain(value) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, dict) and "id" in value:  # a chooser: the chosen id
        return str(value["id"])
    return str(value)


def _add(fields: dict, name: str, value: str) -> None:
    if name in fields:
        existing = fields[name]
        fields[name] = (
            [*existing, value] if isinstance(existing, list) else [existing, value]
        )
    else:
        fields[name] = value
