"""Invariants every HTML page of the portal must keep, checked on every response in tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "image", "reset"}


@dataclass
class _Control:
    tag: str
    id: str | None
    name: str | None
    aria_label: str | None
    aria_labelledby: str | None
    inside_label: bool


@dataclass
class PageFacts:
    html_lang: str | None = None
    title: str = ""
    h1_count: int = 0
    label_for: set[str] = field(default_factory=set)
    controls: list[_Control] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._in_title = False
        self._label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.facts.ids.append(attributes["id"] or "")
        if tag == "html":
            self.facts.html_lang = attributes.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.facts.h1_count += 1
        elif tag == "label":
            self._label_depth += 1
            if attributes.get("for"):
                self.facts.label_for.add(attributes["for"] or "")
        elif tag in {"input", "select", "textarea"}:
            if tag == "input" and (attributes.get("type") or "text") in UNLABELLED_INPUT_TYPES:
                return
            self.facts.controls.append(_Control(
                tag, attributes.get("id"), attributes.get("name"), attributes.get("aria-label"),
                attributes.get("aria-labelledby"), self._label_depth > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "label":
            self._label_depth = max(0, self._label_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.facts.title += data


def page_facts(html: str) -> PageFacts:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.facts


def invariant_problems(html: str) -> list[str]:
    facts = page_facts(html)
    problems = []
    if facts.html_lang not in {"lv", "en"}:
        problems.append(f"<html lang> is {facts.html_lang!r}, expected 'lv' or 'en'")
    if not facts.title.strip():
        problems.append("the page has no <title>")
    if facts.h1_count != 1:
        problems.append(f"the page has {facts.h1_count} <h1> elements, expected exactly one")
    for control in facts.controls:
        labelled = (
            (control.id and control.id in facts.label_for)
            or control.inside_label or control.aria_label or control.aria_labelledby
        )
        if not labelled:
            problems.append(f"<{control.tag} name={control.name!r}> has no label")
    duplicates = {i for i in facts.ids if facts.ids.count(i) > 1}
    if duplicates:
        problems.append(f"duplicate ids: {sorted(duplicates)}")
    return problems
