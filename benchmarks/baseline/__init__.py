"""Benchmark-only app: the search baseline done "the stock way" with Wagtail's search
(``modelsearch``): a denormalised copy of every project file, filters as
``FilterField`` and one ``.facet()`` call per facet. Installed only by
``benchmarks/settings.py``; never part of the site."""
