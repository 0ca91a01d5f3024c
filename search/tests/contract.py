"""What the contract tests share: running a query and reading its results."""

from django.http import QueryDict

from search.query import parse_query

MANLLEU = "42.0016,2.2843"


def run(engine, **params):
    return engine.search(parse_query(_querydict(params)))


def _querydict(params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [str(value)])
    return data


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def ids(results, pages) -> set[str]:
    by_id = {page.pk: key for key, page in pages.items()}
    return {by_id[hit.id] for hit in results.hits}


def counts(results, facet) -> dict[str, int]:
    return {v.value: v.count for v in results.facets[facet]}
