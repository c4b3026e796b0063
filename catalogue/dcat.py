"""The catalogue as DCAT-AP-DK 2.0.2, built with rdflib: one dcat:Catalog with every published
dataset of the catalogue, and the site's own open data described as datasets too."""

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from .models import Dataset, Distribution

ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")

# The site's own open data: (key, url name, Danish title, English title, description, media type)
OWN_DATASETS = [
    ("projects", "api:projects-geojson", "Smart City-projekter i Danmark",
     "Smart City projects in Denmark",
     "Smart City-projekter og -løsninger i danske kommuner, med placering, tema og status.",
     "application/geo+json"),
    ("projects-csv", "api:projects-csv", "Smart City-projekter i Danmark (CSV)",
     "Smart City projects in Denmark (CSV)",
     "De samme projekter som regneark.", "text/csv"),
    ("events", "api:events-ics", "Arrangementer i Smart City Forum",
     "Events of the Smart City Forum",
     "Seminarer, datadage, workshops og konferencer som kalender.", "text/calendar"),
    ("data-areas", "api:data-areas-matrix", "Hvem udgiver hvad: dataområder pr. kommune",
     "Who publishes what: data areas per municipality",
     "Antal åbne datasæt pr. kommune og dataområde.", "application/json"),
]  # fmt: skip


def _literal(text: str, lang: str = "da") -> Literal:
    return Literal(text, lang=lang)


HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def catalogue_graph(*, origin: str, page_url: str, page: int = 1, per_page: int = 1000) -> Graph:
    """One page of the catalogue (`per_page` datasets, in a stable order), with hydra paging
    as harvesters of DCAT-AP expect it; the site's own datasets are on the first page."""
    graph = Graph()
    graph.bind("hydra", HYDRA)
    for prefix, namespace in (
        ("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD), ("adms", ADMS),
    ):  # fmt: skip
        graph.bind(prefix, namespace)
    catalog = URIRef(f"{origin}/datasets/")
    site = URIRef(f"{origin}/")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, _literal("Smart City Danmark: åbne data")))
    graph.add((catalog, DCTERMS.title, _literal("Smart City Danmark: open data", "en")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            _literal(
                "Åbne datasæt fra danske kommuner, høstet fra deres CKAN-portaler, og Smart City "
                "Danmarks egne åbne data."
            ),
        )
    )
    graph.add((catalog, DCTERMS.publisher, site))
    graph.add((site, RDF.type, FOAF.Agent))
    graph.add((site, FOAF.name, Literal("Smart City Danmark, KL's Smart City Forum")))
    graph.add((catalog, FOAF.homepage, site))
    graph.add((catalog, DCTERMS.language, EU_LANGUAGE.DAN))
    graph.add((catalog, DCTERMS.license, CC_BY))

    publishers: dict[str, URIRef | BNode] = {}
    published = Dataset.published.all()
    total = published.count()
    pages = page_count(total, per_page)
    _paging(graph, page_url, page=page, pages=pages, total=total, per_page=per_page)
    start = (page - 1) * per_page
    datasets = (
        published.select_related("municipality")
        .prefetch_related("areas", Prefetch("distributions", Distribution.objects.all()))
        .defer("search_vector")
        .order_by("pk")[start : start + per_page]
    )
    for dataset in datasets:
        node = URIRef(f"{origin}{dataset.get_absolute_url()}")
        graph.add((catalog, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        graph.add((node, DCTERMS.identifier, Literal(dataset.ckan_id)))
        graph.add((node, DCTERMS.title, _literal(dataset.title)))
        graph.add((node, DCTERMS.description, _literal(dataset.description_html or dataset.title)))
        graph.add((node, DCTERMS.publisher, _publisher(graph, publishers, dataset, origin)))
        if dataset.contact_name or dataset.contact_email:
            contact = BNode()
            graph.add((node, DCAT.contactPoint, contact))
            graph.add((contact, RDF.type, VCARD.Organization))
            graph.add((contact, VCARD.fn, Literal(dataset.contact_name or dataset.publisher)))
            if dataset.contact_email:
                graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}")))
        for keyword in dataset.keywords:
            graph.add((node, DCAT.keyword, _literal(keyword)))
        for area in dataset.areas.all():
            graph.add((node, DCAT.theme, URIRef(f"{origin}/open-data/areas/#area-{area.slug}")))
        if dataset.issued:
            graph.add((node, DCTERMS.issued, Literal(dataset.issued, datatype=XSD.dateTime)))
        if dataset.modified:
            graph.add((node, DCTERMS.modified, Literal(dataset.modified, datatype=XSD.dateTime)))
        if dataset.landing_page:
            graph.add((node, DCAT.landingPage, URIRef(dataset.landing_page)))
        if dataset.frequency:
            graph.add((node, DCTERMS.accrualPeriodicity, Literal(dataset.frequency)))
        if dataset.spatial:
            graph.add((node, DCTERMS.spatial, Literal(dataset.spatial)))
        licence = URIRef(dataset.licence_url) if dataset.licence_url else None
        for distribution in dataset.distributions.all():
            item = URIRef(f"{node}#distribution-{distribution.pk}")
            graph.add((node, DCAT.distribution, item))
            graph.add((item, RDF.type, DCAT.Distribution))
            graph.add((item, DCAT.accessURL, URIRef(distribution.access_url)))
            if distribution.download_url:
                graph.add((item, DCAT.downloadURL, URIRef(distribution.download_url)))
            if distribution.title:
                graph.add((item, DCTERMS.title, _literal(distribution.title)))
            if distribution.format:
                graph.add(
                    (item, DCTERMS.format, EU_FILE_TYPE[distribution.format.replace(" ", "_")])
                )
            if distribution.media_type:
                graph.add((item, DCAT.mediaType, Literal(distribution.media_type)))
            if licence is not None:
                graph.add((item, DCTERMS.license, licence))
    if page == 1:
        _own_datasets(graph, catalog, site, origin)
    return graph


def _paging(graph, page_url, *, page, pages, total, per_page):
    node = URIRef(f"{page_url}?page={page}")
    graph.add((node, RDF.type, HYDRA.PagedCollection))
    graph.add((node, HYDRA.totalItems, Literal(total)))
    graph.add((node, HYDRA.itemsPerPage, Literal(per_page)))
    graph.add((node, HYDRA.firstPage, Literal(f"{page_url}?page=1")))
    graph.add((node, HYDRA.lastPage, Literal(f"{page_url}?page={pages}")))
    if page > 1:
        graph.add((node, HYDRA.previousPage, Literal(f"{page_url}?page={page - 1}")))
    if page < pages:
        graph.add((node, HYDRA.nextPage, Literal(f"{page_url}?page={page + 1}")))


def _publisher(graph, publishers, dataset, origin):
    if dataset.municipality_id:
        key = f"m:{dataset.municipality.slug}"
        uri = URIRef(f"{origin}{dataset.municipality.get_absolute_url()}")
        name = f"{dataset.municipality.name} Kommune"
    else:
        key = f"o:{dataset.publisher_name}"
        uri = BNode()
        name = dataset.publisher_name or "Ukendt udgiver"
    if key not in publishers:
        publishers[key] = uri
        graph.add((uri, RDF.type, FOAF.Agent))
        graph.add((uri, FOAF.name, Literal(name)))
    return publishers[key]


def _own_datasets(graph, catalog, site, origin):
    """The site's own open data, each described as a dataset with its download."""
    for key, url_name, title, title_en, description, media_type in OWN_DATASETS:
        try:
            path = reverse(url_name)
        except NoReverseMatch:
            continue
        node = URIRef(f"{origin}/open-data/#{key}")
        graph.add((catalog, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        graph.add((node, DCTERMS.title, _literal(title)))
        graph.add((node, DCTERMS.title, _literal(title_en, "en")))
        graph.add((node, DCTERMS.description, _literal(description)))
        graph.add((node, DCTERMS.publisher, site))
        graph.add((node, DCAT.landingPage, URIRef(f"{origin}/open-data/")))
        item = URIRef(f"{node}-distribution")
        graph.add((node, DCAT.distribution, item))
        graph.add((item, RDF.type, DCAT.Distribution))
        graph.add((item, DCAT.accessURL, URIRef(f"{origin}{path}")))
        graph.add((item, DCAT.downloadURL, URIRef(f"{origin}{path}")))
        graph.add((item, DCAT.mediaType, Literal(media_type)))
        graph.add((item, DCTERMS.license, CC_BY))
