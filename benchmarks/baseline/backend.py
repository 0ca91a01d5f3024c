"""modelsearch's Elasticsearch 8 backend without the analysis-common module.

The integ-test server here has no ``asciifolding`` or n-gram filters, and
the stock settings declare them; these analyzers use core pieces only. The baseline
indexes pre-analysed terms, so nothing it searches depends on them.
"""

from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend


class CoreAnalysisElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    settings = {
        "settings": {
            "analysis": {
                "analyzer": {
                    "ngram_analyzer": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase"],
                    },
                    "edgengram_analyzer": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase"],
                    },
                },
            },
            "index": {"number_of_shards": 1, "number_of_replicas": 0},
        }
    }


SearchBackend = CoreAnalysisElasticsearch8SearchBackend
