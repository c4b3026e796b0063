import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from tests.catalogue.conftest import add_dataset

pytestmark = pytest.mark.django_db

HYDRA = "http://www.w3.org/ns/hydra/core#"


def _graph(client, path: str, rdf_format: str) -> Graph:
    answer = client.get(path)
    assert answer.status_code == 200
    return Graph().parse(data=answer.content.decode(), format=rdf_format)


@pytest.mark.parametrize(
    ("path", "rdf_format"),
    [("/api/v1/dcat/catalog.ttl", "turtle"), ("/api/v1/dcat/catalog.jsonld", "json-ld")],
)
def test_the_catalogue_is_dcat_with_one_dataset_per_published_dataset(client, path, rdf_format):
    published = [add_dataset(title=f"Datasæt {n}", formats=("CSV", "JSON")) for n in range(3)]
    regional = add_dataset(title="Regionens busdata", municipality=None)
    add_dataset(title="Trukket tilbage", withdrawn=True)

    graph = _graph(client, path, rdf_format)

    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    harvested = {
        str(node) for node in graph.objects(catalogs[0], DCAT.dataset) if "/datasets/" in str(node)
    }
    expected = {f"http://testserver{d.get_absolute_url()}" for d in [*published, regional]}
    assert harvested == expected
    for uri in expected:
        node = URIRef(uri)
        assert (node, RDF.type, DCAT.Dataset) in graph
        assert graph.value(node, DCTERMS.title) is not None
        assert graph.value(node, DCTERMS.description) is not None
        publisher = graph.value(node, DCTERMS.publisher)
        assert publisher is not None and graph.value(publisher, FOAF.name) is not None
        distributions = list(graph.objects(node, DCAT.distribution))
        assert distributions
        assert all(graph.value(d, DCAT.accessURL) is not None for d in distributions)
    aarhus = URIRef(f"http://testserver{published[0].get_absolute_url()}")
    assert str(graph.value(graph.value(aarhus, DCTERMS.publisher), FOAF.name)) == "Aarhus Kommune"
    assert len(list(graph.objects(aarhus, DCAT.distribution))) == 2


def test_the_sites_own_open_data_is_described_as_datasets(client):
    graph = _graph(client, "/api/v1/dcat/catalog.ttl", "turtle")

    own = [
        str(node) for node in graph.subjects(RDF.type, DCAT.Dataset) if "/open-data/#" in str(node)
    ]
    assert {"projects", "events", "data-areas"} <= {uri.rsplit("#", 1)[1] for uri in own}
    projects = URIRef("http://testserver/open-data/#projects")
    access = graph.value(graph.value(projects, DCAT.distribution), DCAT.accessURL)
    assert str(access) == "http://testserver/api/v1/projects/geojson/"


def test_the_catalogue_is_paged_for_harvesters(client, settings):
    settings.CATALOGUE_DCAT_PAGE_SIZE = 2
    datasets = [add_dataset(title=f"Datasæt {n}") for n in range(5)]

    pages = [_graph(client, f"/api/v1/dcat/catalog.ttl?page={n}", "turtle") for n in (1, 2, 3)]

    seen = [
        str(node)
        for graph in pages
        for node in graph.subjects(RDF.type, DCAT.Dataset)
        if "/datasets/" in str(node)
    ]
    assert sorted(seen) == sorted(f"http://testserver{d.get_absolute_url()}" for d in datasets)
    first = URIRef("http://testserver/api/v1/dcat/catalog.ttl?page=1")
    assert str(pages[0].value(first, URIRef(HYDRA + "nextPage"))).endswith("?page=2")
    assert int(pages[0].value(first, URIRef(HYDRA + "totalItems"))) == 5
    assert client.get("/api/v1/dcat/catalog.ttl?page=4").status_code == 404


def test_the_catalogue_answers_conditional_requests(client):
    add_dataset()
    first = client.get("/api/v1/dcat/catalog.ttl")

    assert first["Content-Type"].startswith("text/turtle")
    again = client.get("/api/v1/dcat/catalog.ttl", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("query", ["?page=%C2%BB", "?page=0", "?page=%C2%BB&page="])
def test_a_malformed_page_of_the_catalogue_is_refused(client, query):
    assert client.get(f"/api/v1/dcat/catalog.ttl{query}").status_code in (400, 404)
    assert client.get("/api/v1/dcat/catalog.ttl?page=").status_code == 200


def test_the_json_ld_catalogue_is_a_list_of_nodes_as_documented(client):
    add_dataset(title="Parkering")

    nodes = client.get("/api/v1/dcat/catalog.jsonld").json()

    assert isinstance(nodes, list) and all(isinstance(node, dict) for node in nodes)
    schema = client.get("/api/schema/?format=json").json()
    answer = schema["paths"]["/api/v1/dcat/catalog.jsonld"]["get"]["responses"]["200"]
    assert answer["content"]["application/ld+json"]["schema"]["type"] == "array"
