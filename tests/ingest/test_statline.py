"""The CBS StatLine connector against a real HTTP server that serves CBS responses from files.

``statline/80137ned/`` holds responses recorded from CBS; ``statline/84583NED/`` holds KWB 2019
responses for Utrecht constructed in CBS' wire format from the real CSV beside them (see
``statline/SOURCE.md``). The server answers on 127.0.0.1 like opendata.cbs.nl would: it checks
the ``$filter`` it receives and points ``odata.nextLink`` at itself.
"""

from __future__ import annotations

import csv
import json
import socket
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from duiding.errors import LoadError
from duiding.ingest.statline import KWB_TABLES, kwb_statline_fetch, statline_table_fetch
from duiding.ingest.statline_http import StatlineOfflineError

FIXTURES = Path(__file__).resolve().parent / "statline"
KWB = FIXTURES / "84583NED"
REAL_CSV = KWB / "kwb_2019_utrecht_odata.csv"
CBS_HOST = "https://opendata.cbs.nl"
UTRECHT = "startswith({0},'GM0344') or startswith({0},'WK0344') or startswith({0},'BU0344')"

Answer = tuple[int, bytes]
Route = Callable[[dict[str, str]], Answer]


class CbsServer(ThreadingHTTPServer):
    """Answers GET requests from ``routes`` (lower-case path → function of the query)."""

    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/ODataFeed/odata"

    def serve(self, table: str, entity: str, route: Route) -> None:
        self.routes[f"/odatafeed/odata/{table}/{entity}".lower()] = route

    def file(self, path: Path) -> Answer:
        """A fixture as CBS would send it from this server: its links point here."""
        return 200, path.read_text(encoding="utf-8").replace(CBS_HOST, self.origin).encode("utf-8")


class CbsHandler(BaseHTTPRequestHandler):
    server: CbsServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        self.server.requests.append((parts.path, query))
        route = self.server.routes.get(parts.path.lower())
        status, body = route(query) if route else _error(404, "Resource not found for the segment.")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a test reads ``server.requests`` instead."""


def _error(status: int, message: str) -> Answer:
    """An OData v3 error body, the shape CBS uses for a refused request."""
    body = {"odata.error": {"code": "", "message": {"lang": "en-US", "value": message}}}
    return status, json.dumps(body).encode("utf-8")


@pytest.fixture
def cbs() -> Iterator[CbsServer]:
    server = CbsServer(("127.0.0.1", 0), CbsHandler)
    server.routes, server.requests = {}, []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _serve_recorded(cbs: CbsServer) -> None:
    for entity in ("TableInfos", "DataProperties", "TypedDataSet"):
        cbs.serve("80137ned", entity, lambda query, e=entity: cbs.file(FIXTURES / "80137ned" / f"{e}.json"))


def _serve_kwb_2019(cbs: CbsServer) -> None:
    def filtered(column: str, pages: dict[str | None, str]) -> Route:
        def answer(query: dict[str, str]) -> Answer:
            if query.get("$format") != "json" or query.get("$filter") != UTRECHT.format(column):
                return _error(400, f"unexpected query {query}")
            page = pages.get(query.get("$skip"))
            return cbs.file(KWB / page) if page else _error(400, f"no page for $skip={query.get('$skip')}")

        return answer

    cbs.serve("84583NED", "TableInfos", lambda query: cbs.file(KWB / "TableInfos.json"))
    cbs.serve("84583NED", "DataProperties", lambda query: cbs.file(KWB / "DataProperties.json"))
    cbs.serve("84583NED", "WijkenEnBuurten", filtered("Key", {None: "WijkenEnBuurten.json"}))
    pages = {None: "TypedDataSet-1.json", "61": "TypedDataSet-2.json"}
    cbs.serve("84583NED", "TypedDataSet", filtered("WijkenEnBuurten", pages))


def _real_rows() -> list[dict[str, str]]:
    with REAL_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _as_csv(value: object) -> str:
    return "" if value is None else str(value)


def _number_or_text(value: str) -> object:
    try:
        return float(value)
    except ValueError:
        return value


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- recorded CBS responses (80137ned) ------------------------------------------------------


def test_recorded_table_gives_its_info_columns_and_trimmed_rows(cbs: CbsServer) -> None:
    _serve_recorded(cbs)
    table = statline_table_fetch("80137ned", base_url=cbs.base_url, timeout=5)

    assert table.title == "Arbeidsrekeningen; leeftijd en opleidingsniveau"
    assert (table.period, table.modified) == ("2001-2005", "2009-07-10T02:00:00")
    columns = {column.key: column for column in table.columns}
    assert len(columns) == 15, "3 dimensions and 12 topics; the 4 topic groups have no key"
    assert columns["Perioden"].kind == "TimeDimension"
    assert columns["BedrijfstakkenSBI93"].title == "Bedrijfstakken SBI '93"
    totaal = columns["Totaal_1"]
    assert (totaal.kind, totaal.unit, totaal.datatype, totaal.decimals) == ("Topic", "1 000 banen", "Double", 0)
    assert (columns["PerArbeidsjaar_11"].unit, columns["PerArbeidsjaar_11"].decimals) == ("1 000 euro", 1)

    assert len(table.rows) == 10
    first = table.rows[0]
    assert first["Persoonskenmerken"] == "1", "CBS sends the key padded: '1 '"
    assert (first["Perioden"], first["BedrijfstakkenSBI93"], first["Totaal_1"]) == ("2001JJ00", "99", 8811.0)
    assert table.region_titles == {} and table.region_filter is None
    assert [path.rsplit("/", 1)[1] for path, _ in cbs.requests] == ["TableInfos", "DataProperties", "TypedDataSet"]
    assert all(query == {"$format": "json"} for _, query in cbs.requests)


def test_a_region_filter_on_a_table_without_regions_is_refused(cbs: CbsServer) -> None:
    _serve_recorded(cbs)
    with pytest.raises(LoadError, match="heeft geen regio-indeling"):
        statline_table_fetch("80137ned", region_prefix="GM0344", base_url=cbs.base_url, timeout=5)


# --- KWB 2019 for Utrecht (constructed from real values) -----------------------------------


def test_kwb_rows_equal_the_real_cbs_figures(cbs: CbsServer) -> None:
    _serve_kwb_2019(cbs)
    table = kwb_statline_fetch(2019, gemeente_code="GM0344", base_url=cbs.base_url, timeout=5)

    real = _real_rows()
    assert len(table.rows) == len(real) == 122
    for fetched, expected in zip(table.rows, real, strict=True):
        assert {key: _as_csv(fetched[key]) for key in expected} == expected
        assert fetched["Gemeentenaam_1"] == "Utrecht"
    assert set(real[0]) <= set(table.row_keys)


def test_kwb_fetch_asks_only_for_the_gemeente_and_follows_the_next_page(cbs: CbsServer) -> None:
    _serve_kwb_2019(cbs)
    table = kwb_statline_fetch(2019, gemeente_code="gm0344", base_url=cbs.base_url, timeout=5)

    data_requests = [query for path, query in cbs.requests if path.lower().endswith("/typeddataset")]
    assert [query.get("$skip") for query in data_requests] == [None, "61"], "two pages, the second via nextLink"
    assert all(query["$filter"] == UTRECHT.format("WijkenEnBuurten") for query in data_requests)
    assert table.region_filter == UTRECHT.format("WijkenEnBuurten")
    codes = [str(row["WijkenEnBuurten"]) for row in table.rows]
    assert all(code[2:6] == "0344" for code in codes)
    assert [code[:2] for code in codes].count("GM") == 1
    assert [code[:2] for code in codes].count("WK") == 10


def test_kwb_codes_and_texts_are_trimmed(cbs: CbsServer) -> None:
    _serve_kwb_2019(cbs)
    table = kwb_statline_fetch(2019, gemeente_code="GM0344", base_url=cbs.base_url, timeout=5)

    wijk = next(row for row in table.rows if row["WijkenEnBuurten"] == "WK034401")
    assert (wijk["Codering_3"], wijk["SoortRegio_2"], wijk["regio_naam"]) == ("WK034401", "Wijk", "Wijk 01 West")
    texts = [value for row in table.rows for value in row.values() if isinstance(value, str)]
    assert all(text == text.strip() for text in texts)
    assert table.region_titles["GM0344"] == "Utrecht"


def test_kwb_unpublished_figures_stay_missing_not_zero(cbs: CbsServer) -> None:
    _serve_kwb_2019(cbs)
    table = kwb_statline_fetch(2019, gemeente_code="GM0344", base_url=cbs.base_url, timeout=5)

    buurt = next(row for row in table.rows if row["WijkenEnBuurten"] == "BU03440911")
    assert buurt["GemiddeldeHuishoudensgrootte_32"] is None
    assert buurt["OpleidingsniveauLaag_64"] is None
    assert buurt["AantalInwoners_5"] == 0, "a real 0 stays 0"
    assert sum(value is None for row in table.rows for value in row.values()) == 20


def test_kwb_column_metadata(cbs: CbsServer) -> None:
    _serve_kwb_2019(cbs)
    table = kwb_statline_fetch(2019, gemeente_code="GM0344", base_url=cbs.base_url, timeout=5)

    assert (table.table_id, table.title, table.period) == ("84583NED", "Kerncijfers wijken en buurten 2019", "2019")
    columns = {column.key: column for column in table.columns}
    assert columns["WijkenEnBuurten"].kind == "GeoDimension"
    inwoners = columns["AantalInwoners_5"]
    assert (inwoners.title, inwoners.unit, inwoners.datatype, inwoners.decimals) == (
        "Aantal inwoners",
        "aantal",
        "Long",
        0,
    )
    assert columns["GemiddeldeHuishoudensgrootte_32"].decimals == 1
    assert table.source_url == f"{cbs.base_url}/84583NED"


def test_kwb_rows_harmonise_like_the_downloaded_csv(cbs: CbsServer) -> None:
    """The other way in: what the connector fetches harmonises to what the CSV file gives."""
    from duiding.ingest.kwb_raw import kwb_release_read, kwb_rows_harmonise

    _serve_kwb_2019(cbs)
    table = kwb_statline_fetch(2019, gemeente_code="GM0344", base_url=cbs.base_url, timeout=5)
    fetched = kwb_rows_harmonise(table.row_keys, table.rows, gemeente_code="GM0344", year=2019, source_name="84583NED")
    downloaded = kwb_release_read(REAL_CSV, gemeente_code="GM0344")

    def figures(rows: Sequence[Mapping[str, str]]) -> list[tuple[object, ...]]:
        """Row content without the file name; numbers compared as numbers (the CSV writes 2.0, JSON 2.0 → '2')."""
        return [tuple(_number_or_text(value) for key, value in row.items() if key != "bron_bestand") for row in rows]

    assert figures(fetched.rows) == figures(downloaded.rows)


def test_a_text_cbs_marks_with_a_dot_is_missing(cbs: CbsServer) -> None:
    """CBS writes an unpublished figure as '.' in its text form; padded or not, it is None."""
    _serve_kwb_2019(cbs)
    row = {"ID": 0, "WijkenEnBuurten": "BU03440911", "Codering_3": "BU03440911", "Dekkingspercentage_105": ".  "}
    page = json.dumps({"value": [row | {"MeestVoorkomendePostcode_104": "   ", "AantalInwoners_5": None}]})
    cbs.serve("84583NED", "TypedDataSet", lambda query: (200, page.encode("utf-8")))
    table = kwb_statline_fetch(2019, gemeente_code="GM0344", base_url=cbs.base_url, timeout=5)

    (fetched,) = table.rows
    assert fetched["Dekkingspercentage_105"] is None
    assert fetched["MeestVoorkomendePostcode_104"] is None
    assert fetched["AantalInwoners_5"] is None


# --- errors ---------------------------------------------------------------------------------


def test_no_network_says_so_in_dutch_and_names_the_offline_route() -> None:
    base_url = f"http://127.0.0.1:{_closed_port()}/ODataFeed/odata"
    with pytest.raises(StatlineOfflineError) as caught:
        kwb_statline_fetch(2019, gemeente_code="GM0344", base_url=base_url, timeout=5)
    message = str(caught.value)
    assert message.startswith("CBS StatLine is niet bereikbaar (127.0.0.1:")
    assert "verbinding geweigerd" in message
    assert message.endswith("Download de KWB-bestanden zelf en gebruik --kwb (duiding init).")
    assert isinstance(caught.value, LoadError)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (404, r"HTTP 404 \(Not Found\) op .*Controleer de tabelcode"),
        (500, r"HTTP 500 \(Internal Server Error\) op .*Melding van CBS: boom\. .*probeer het later opnieuw"),
    ],
)
def test_an_http_error_becomes_a_dutch_load_error(cbs: CbsServer, status: int, expected: str) -> None:
    cbs.serve("84583NED", "TableInfos", lambda query: _error(status, "boom"))
    with pytest.raises(LoadError, match=expected) as caught:
        kwb_statline_fetch(2019, gemeente_code="GM0344", base_url=cbs.base_url, timeout=5)
    assert not isinstance(caught.value, StatlineOfflineError)


def test_an_unknown_table_is_a_404(cbs: CbsServer) -> None:
    with pytest.raises(LoadError, match="CBS StatLine antwoordde met HTTP 404"):
        statline_table_fetch("99999NED", base_url=cbs.base_url, timeout=5)


def test_malformed_json_becomes_a_dutch_load_error(cbs: CbsServer) -> None:
    _serve_kwb_2019(cbs)
    cbs.serve("84583NED", "DataProperties", lambda query: (200, b'{"value":[{"Key":"WijkenEnBuurten",'))
    with pytest.raises(LoadError, match=r"CBS StatLine gaf geen geldige JSON terug op .*DataProperties"):
        kwb_statline_fetch(2019, gemeente_code="GM0344", base_url=cbs.base_url, timeout=5)


def test_json_without_a_value_list_is_refused(cbs: CbsServer) -> None:
    cbs.serve("84583NED", "TableInfos", lambda query: (200, b'{"odata.metadata":"x"}'))
    with pytest.raises(LoadError, match="geen lijst 'value' met rijen"):
        statline_table_fetch("84583NED", base_url=cbs.base_url, timeout=5)


def test_a_next_link_that_loops_is_stopped(cbs: CbsServer) -> None:
    looping = {"value": [], "odata.nextLink": f"{CBS_HOST}/ODataFeed/OData/84583NED/TableInfos?$format=json"}
    cbs.serve("84583NED", "TableInfos", lambda query: (200, json.dumps(looping).replace(CBS_HOST, cbs.origin).encode()))
    with pytest.raises(LoadError, match="blijft naar een volgende pagina verwijzen"):
        statline_table_fetch("84583NED", base_url=cbs.base_url, timeout=5)


def test_an_unknown_year_or_gemeente_code_fails_before_any_request(cbs: CbsServer) -> None:
    with pytest.raises(LoadError, match=r"Voor KWB-jaar 2030 kent Duiding geen CBS-tabel .*--kwb"):
        kwb_statline_fetch(2030, gemeente_code="GM0344", base_url=cbs.base_url)
    with pytest.raises(LoadError, match="Ongeldige gemeentecode 'Utrecht'"):
        kwb_statline_fetch(2019, gemeente_code="Utrecht", base_url=cbs.base_url)
    with pytest.raises(LoadError, match="Ongeldige CBS-tabelcode"):
        statline_table_fetch("84583NED/../x", base_url=cbs.base_url)
    assert cbs.requests == []


def test_a_gemeente_without_regions_in_the_table_is_reported(cbs: CbsServer) -> None:
    _serve_kwb_2019(cbs)
    empty = json.dumps({"value": []}).encode()
    cbs.serve("84583NED", "WijkenEnBuurten", lambda query: (200, empty))
    cbs.serve("84583NED", "TypedDataSet", lambda query: (200, empty))
    with pytest.raises(LoadError, match="bevat geen gebieden van GM0999"):
        kwb_statline_fetch(2019, gemeente_code="GM0999", base_url=cbs.base_url, timeout=5)


def test_the_kwb_table_ids_cover_2019_to_2024() -> None:
    assert sorted(KWB_TABLES) == list(range(2019, 2025))
    assert len(set(KWB_TABLES.values())) == len(KWB_TABLES)
