"""The ``duiding`` command.

Exit codes: 0 success, 1 invalid input (a Dutch message says what and where),
2 usage error. Every sub-command takes ``--workspace DIR``.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from duiding import __version__
from duiding.errors import DefinitionError, DuidingError

if TYPE_CHECKING:
    from duiding.analysis import AnalysisSummary
    from duiding.engine import ComputeResult
    from duiding.workspace import Workspace

DEFAULT_PORT = 8000
EXPORT_FORMATS = ("csv", "json", "xlsx")
"""The values of ``duiding.exports.ExportFormat``, named here so ``--help`` stays fast (a test keeps them equal)."""
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def _workspace_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--workspace",
        "-w",
        type=click.Path(file_okay=False, path_type=Path),
        default=lambda: os.environ.get("DUIDING_WORKSPACE", "werkruimte"),
        show_default="$DUIDING_WORKSPACE of ./werkruimte",
        help="Map van de werkruimte.",
    )(func)


def _port_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True, help="Poort van de webserver."
    )(func)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar that appears with the first step, so a command that fails before any
    work (a wrong file, a missing option) shows only its message."""
    bar: Progress | None = None
    task = None

    def update(done: int, total: int, item: str) -> None:
        nonlocal bar, task
        if bar is None:
            bar = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[item]}"),
                TimeElapsedColumn(),
                console=err,
                transient=False,
            )
            bar.start()
            task = bar.add_task(label, total=total, item=item)
        assert task is not None
        bar.update(task, completed=done, total=total, item=item)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def _report(result: ComputeResult) -> None:
    computed = f" ({', '.join(result.computed_monitors)})" if result.computed_monitors else ""
    err.print(
        f"{result.observations} waarnemingen berekend voor {result.indicators} indicatoren{computed}.",
        highlight=False,
    )
    for monitor in result.monitors:
        if monitor not in result.computed_monitors:
            count = sum(1 for item in result.waiting if item.monitor == monitor)
            err.print(f"Monitor '{monitor}': alle {count} indicatoren wachten op gegevens.", highlight=False)
    if result.waiting:
        per_source = Counter(source for item in result.waiting for source in item.sources)
        err.print(f"{len(result.waiting)} indicator(en) wachten op gegevens uit deze bronnen:", highlight=False)
        for source, count in sorted(per_source.items()):
            err.print(f"  {source}: nodig voor {count} indicator(en)", highlight=False)


def _analysis_report(summary: AnalysisSummary) -> None:
    targets = ", ".join(f"{count} {status}" for status, count in summary.targets.items() if status != "geen doel")
    err.print(
        f"Analyse: {summary.intervals} intervallen, {summary.comparisons} vergelijkingen, "
        f"{summary.signals} signalen, {summary.forecasts} voorspellingen"
        + (f"; doelen: {targets}." if targets else "."),
        highlight=False,
    )


class _Group(click.Group):
    """Turns DuidingError into a Dutch message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DefinitionError as exc:
            for problem in exc.problems:
                err.print(problem, markup=False, highlight=False)
            ctx.exit(1)
        except DuidingError as exc:
            err.print(f"Fout: {exc}", markup=False, highlight=False)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="duiding")
def main() -> None:
    """Duiding: monitoring voor het sociaal domein — tellen én vertellen."""


def _serve(workspace: Path, port: int) -> None:
    from duiding.web.server import DEFAULT_HOST, database_migrate, web_configure, web_serve

    web_configure(workspace)
    database_migrate()
    err.print(f"Duiding draait op http://{DEFAULT_HOST}:{port}/ (stoppen met Ctrl+C)", highlight=False)
    web_serve(host=DEFAULT_HOST, port=port)


@main.command()
@_workspace_option
@click.option("--no-serve", is_flag=True, help="Alleen de werkruimte bouwen, geen webserver starten.")
@click.option(
    "--gemeente",
    type=click.Choice(["GM0344", "GM0034"], case_sensitive=False),
    default="GM0344",
    show_default=True,
    help="GM0344: Utrecht met gesimuleerde registraties; GM0034: Almere uit CBS-cijfers alleen (via init).",
)
@_port_option
def demo(workspace: Path, no_serve: bool, gemeente: str, port: int) -> None:
    """Bouw de demowerkruimte (Utrecht, echte CBS-cijfers) en toon hem in de browser."""
    from duiding.demo import demo_build
    from duiding.demo.build import demo_almere_build

    def say(text: str) -> None:
        err.print(text, highlight=False)

    build = demo_almere_build if gemeente.upper() == "GM0034" else demo_build
    with _progress("Indicatoren berekenen") as progress:
        result = build(workspace, progress=progress, say=say)
    err.print(f"Werkruimte: {result.workspace.root}", highlight=False)
    _report(result.computed)
    if not no_serve:
        _serve(result.workspace.root, port)


@main.command()
@_workspace_option
@click.option("--gemeente", required=True, metavar="GMxxxx", help="CBS-code van de gemeente, bijvoorbeeld GM0344.")
@click.option(
    "--kwb",
    "kwb_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="KWB-bestand zoals CBS het publiceert (StatLine-CSV met sleutels of labels, of xls/xlsx; "
    "zie docs/kwb.md); herhaal per jaar.",
)
@click.option(
    "--grenzen",
    "boundary_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Wijk- of buurtgrenzen als GeoJSON of GeoPackage, met het jaar in de naam; herhaalbaar.",
)
@click.option("--online", is_flag=True, help="Haal de KWB-tabellen zelf op bij CBS StatLine (OData).")
@click.option("--jaar", "years", multiple=True, type=click.IntRange(2000, 2100), help="KWB-jaar om op te halen.")
def init(
    workspace: Path,
    gemeente: str,
    kwb_files: tuple[Path, ...],
    boundary_files: tuple[Path, ...],
    online: bool,
    years: tuple[int, ...],
) -> None:
    """Maak een werkruimte voor een gemeente uit CBS-gegevens, met de standaardmonitor.

    Leest de Kerncijfers wijken en buurten (per jaar een bestand, of met --online van CBS StatLine),
    legt wijken en buurten per jaar vast (met breuken in de indeling), vergelijkt gemeentetotalen met
    de som over wijken en buurten, laadt grenzen voor kaarten en berekent alle indicatoren die met
    CBS-gegevens alleen kunnen. De rest wacht op eigen registraties; daarvoor komen sjablonen in
    sjablonen/.
    """
    from duiding.onboarding import gemeente_init

    if online and not years:
        raise click.UsageError("Geef met --jaar aan welke KWB-jaren opgehaald moeten worden.")

    def say(text: str) -> None:
        err.print(text, highlight=False)

    with _progress("Indicatoren berekenen") as progress:
        result = gemeente_init(
            workspace,
            gemeente_code=gemeente,
            kwb_files=kwb_files,
            boundary_files=boundary_files,
            online=online,
            years=years,
            progress=progress,
            say=say,
        )
    settings = result.workspace.settings
    err.print(f"Werkruimte voor {settings.gemeente_naam} ({settings.gemeente_code}): {result.workspace.root}")
    err.print(f"KWB-jaren: {', '.join(str(r.year) for r in result.releases)}", highlight=False)
    off = sorted((c for c in result.totals if not c.within_rounding), key=lambda c: -abs(c.difference) / c.gemeente)
    err.print(
        f"Optelling: {len(result.totals) - len(off)} van {len(result.totals)} gemeentetotalen kloppen met de som "
        "over wijken of buurten binnen de afronding van CBS.",
        highlight=False,
    )
    for check in off[:5]:
        err.print(f"  {check.sentence()}", highlight=False)
    if len(off) > 5:
        err.print(f"  … en nog {len(off) - 5}; alle verschillen staan in het kwaliteitsverslag.", highlight=False)
    for loaded in result.boundaries:
        counts = ", ".join(f"{n} {level.value}" for level, n in loaded.shapes.items())
        err.print(f"Grenzen {loaded.year} ({loaded.file_name}): {counts}", highlight=False)
        if loaded.areas_without_shape:
            err.print(f"  zonder grens: {', '.join(loaded.areas_without_shape)}", highlight=False)
    _report(result.computed)
    if result.templates:
        err.print(f"Sjablonen om in te vullen: {result.workspace.root / 'sjablonen'}", highlight=False)
        from duiding.ingest.pseudonym import KEY_FILE_ENV, key_configured

        if not key_configured():
            err.print(
                "Registraties met een BSN vragen een geheime sleutel voor het pseudonimiseren. Maak er een "
                f"buiten de werkruimte met 'duiding key {_KEY_SUGGESTION}' en zet {KEY_FILE_ENV} op dat bestand.",
                highlight=False,
            )


_KEY_SUGGESTION = "~/.config/duiding/pseudoniem.key"


@main.command()
@_workspace_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def key(workspace: Path, file: Path) -> None:
    """Maak een nieuwe geheime sleutel voor het pseudonimiseren van BSN's in FILE.

    Alleen de eigenaar kan het bestand lezen (0600); een bestaand bestand wordt nooit
    overschreven. Zet het buiten de werkruimte (niet bij de gegevens) en wijs het aan met
    DUIDING_PSEUDONYM_KEY_FILE. Gebruik voor alle bronnen van een gemeente dezelfde sleutel en
    bewaar een kopie veilig: zonder de sleutel passen nieuwe pseudoniemen niet bij de oude.
    """
    from duiding.ingest.pseudonym import KEY_FILE_ENV, key_file_new

    target = file.expanduser().absolute()
    if target.resolve().is_relative_to(workspace.expanduser().resolve()):
        raise DuidingError(
            f"{target} ligt in de werkruimte {workspace}. Zet de sleutel erbuiten: wie de werkruimte "
            "(en dus de pseudoniemen) heeft, mag de sleutel niet hebben."
        )
    key_file_new(target)
    err.print(f"Sleutel gemaakt: {target} (alleen leesbaar voor jou).", highlight=False)
    err.print(f"Zet voor elke 'duiding load': export {KEY_FILE_ENV}={target}", highlight=False, markup=False)


@main.command()
@_workspace_option
@_port_option
def serve(workspace: Path, port: int) -> None:
    """Start de webapp voor een bestaande werkruimte op http://127.0.0.1:PORT."""
    from duiding.workspace import workspace_open

    _serve(workspace_open(workspace).root, port)


@main.command()
@_workspace_option
@click.option("--monitor", "monitor_id", help="Alleen deze monitor (id) berekenen.")
@click.option("--explain", "explain_indicator", metavar="INDICATOR", help="Toon de SQL van deze indicator.")
def compute(workspace: Path, monitor_id: str | None, explain_indicator: str | None) -> None:
    """Bereken alle waarnemingen opnieuw, bescherm en analyseer ze (vervangt de vorige resultaten in één keer).

    De analyse geeft bij elk cijfer een 95%-interval, vergelijkingen in de tijd, tussen wijken
    en groepen, trends, signalen, de status van doelen en verwachtingen (docs/analyse.md).
    De webapp en exports tonen de vorige resultaten tot alles klaar is. Er schrijft één proces
    tegelijk in een werkruimte; een tweede wacht hoogstens DUIDING_LOCK_WAIT seconden (standaard 10).
    """
    from duiding.engine import explain
    from duiding.workspace import workspace_open

    ws = workspace_open(workspace)
    if explain_indicator is not None:
        if monitor_id is None:
            raise click.UsageError("--explain vraagt ook --monitor.")
        out.print(explain(ws, monitor_id=monitor_id, indicator_id=explain_indicator), markup=False, highlight=False)
        return
    from duiding.refresh import refresh

    refreshed = refresh(ws, monitor_id=monitor_id, stage=_progress)
    _report(refreshed.computed)
    _analysis_report(refreshed.analysis)


@main.command()
@_workspace_option
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def check(workspace: Path, files: tuple[Path, ...]) -> None:
    """Controleer definities (YAML); meldt elk probleem als bestand:regel: melding.

    Een monitor wordt ook getoetst aan de bronnen van de werkruimte (kolommen, toegestane waarden,
    variabelen, soorten bronnen) en aan haar gebieden (doelen voor een gebied).
    """
    from duiding.definitions import sources_load
    from duiding.engine.validate import definition_file_problems
    from duiding.geography import area_names

    sources_dir = workspace / "sources"
    sources = sources_load(sources_dir) if sources_dir.is_dir() else {}
    warehouse = workspace / "warehouse.duckdb"
    areas = area_names(warehouse) if warehouse.is_file() else {}
    problems = definition_file_problems(files, sources, areas or None)
    if problems:
        raise DefinitionError(problems)
    err.print(f"{len(files)} bestand(en) in orde.", highlight=False)


@main.command()
@_workspace_option
@click.option("--monitor", "monitor_id", help="Alleen deze monitor (id).")
@click.option("--alle-perioden", "every_period", is_flag=True, help="Ook signalen van eerdere perioden.")
def signals(workspace: Path, monitor_id: str | None, every_period: bool) -> None:
    """Toon de signalen: veranderingen en nieuwe afwijkingen die meer dan toeval zijn en ertoe doen.

    Standaard per indicator die van de laatste periode, in volgorde van belang.
    """
    from duiding.analysis import signal_latest, signal_list
    from duiding.definitions import monitors_load
    from duiding.periods import period_label
    from duiding.workspace import workspace_open

    ws = workspace_open(workspace)
    monitors = monitors_load(ws.monitors_dir)
    if monitor_id is not None and monitor_id not in monitors:
        raise DuidingError(f"Onbekende monitor '{monitor_id}'. Bekende monitors: {', '.join(sorted(monitors))}.")
    for name in [monitor_id] if monitor_id else list(monitors):
        found = signal_list(ws, monitor=name) if every_period else signal_latest(ws, monitor=name)
        out.print(f"[bold]{monitors[name].title}[/bold] ({name}): {len(found)} signaal/signalen", highlight=False)
        for signal in found:
            mark = "mogelijk registratie-effect: " if signal.artefact else ""
            period = period_label(signal.period_start, signal.period_end)
            out.print(f"  - [{period}] {mark}{signal.sentence}", highlight=False, markup=False)


@main.command()
@_workspace_option
@click.argument("source_id", metavar="[SOURCE]", required=False)
def quality(workspace: Path, source_id: str | None) -> None:
    """Toon het kwaliteitsverslag per bron: de laadgeschiedenis en de bevindingen bij de actieve versie.

    Alleen voor de analist: bevindingen kunnen kleine aantallen rijen noemen.
    """
    from duiding.ingest.report import quality_report
    from duiding.workspace import workspace_open

    ws = workspace_open(workspace)
    report = quality_report(ws.warehouse_path, source_id=source_id)
    if not report:
        raise DuidingError(f"Geen geladen bron{f' {source_id!r}' if source_id else ''} in {ws.root}.")
    for item in report:
        active = item.active
        out.print(f"[bold]{item.source_id}[/bold]", highlight=False)
        if active is not None:
            when = active.loaded_at.strftime("%d-%m-%Y %H:%M")
            out.print(
                f"  actieve versie {active.load_id}: {active.file_name}, {active.rows} rijen, "
                f"{when} door {active.loaded_by}",
                highlight=False,
                markup=False,
            )
        out.print(f"  eerdere versies: {len(item.loads) - (active is not None)}", highlight=False)
        if not item.findings:
            out.print("  geen bevindingen", highlight=False)
        for finding in item.findings:
            out.print(f"  - {finding.subject}: {finding.message}", highlight=False, markup=False)
    _unreliable_print(ws, source_id)
    if source_id is None:
        _loss_print(ws)


def _loss_print(ws: Workspace) -> None:
    """How many safe cells secondary suppression hides, per area level and breakdown (part of ``quality``)."""
    from duiding.numbers import nl_number
    from duiding.privacy.loss import information_loss
    from duiding.warehouse import TOTAL

    losses = information_loss(ws)
    out.print(
        "[bold]Informatieverlies door secundaire geheimhouding[/bold] (veilige cijfers die niet getoond worden)",
        highlight=False,
    )
    if not losses:
        out.print(
            "  geen (of de bescherming hoort bij een oudere berekening: draai 'duiding compute')", highlight=False
        )
    for loss in losses:
        what = "totalen" if loss.breakdown == TOTAL else f"naar {loss.breakdown}"
        out.print(
            f"  {loss.area_level}, {what}: {nl_number(loss.hidden, 0)} van {nl_number(loss.safe, 0)} "
            f"({nl_number(100 * loss.share, 1)}%)",
            highlight=False,
            markup=False,
        )


def _unreliable_print(ws: Workspace, source_id: str | None) -> None:
    """The figures the analysis marked onbetrouwbaar, per indicator and area level (part of ``quality``)."""
    from duiding.analysis import unreliable_summary
    from duiding.definitions import monitors_load
    from duiding.periods import period_label

    monitors = monitors_load(ws.monitors_dir)
    reads = {(m.id, i.id): source_id is None or source_id in i.sources for m in monitors.values() for i in m.indicators}
    groups = [g for g in unreliable_summary(ws, monitors=list(monitors)) if reads.get((g.monitor, g.indicator))]
    out.print("[bold]Onbetrouwbare cijfers[/bold] (niet vergeleken, geen signaal)", highlight=False)
    if not groups:
        out.print("  geen", highlight=False)
    for group in groups:
        why = "onmogelijk" if group.rule == "impossible" else "interval te breed"
        out.print(
            f"  {group.monitor} / {group.indicator}, {group.area_level}: {group.count} cijfer(s), {why}",
            highlight=False,
            markup=False,
        )
        for mark in group.examples:
            period = period_label(mark.period_start, mark.period_end)
            out.print(
                f"    - {mark.area_name} ({mark.area_code}, {period}): {mark.reason}", highlight=False, markup=False
            )


@main.command()
@_workspace_option
@click.argument("source_id", metavar="SOURCE")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sheet", help="Werkblad in een Excel-bestand (standaard het eerste).")
def load(workspace: Path, source_id: str, file: Path, sheet: str | None) -> None:
    """Laad een bestand (CSV, Excel, Parquet) als nieuwe versie van bron SOURCE.

    Alles wordt eerst gecontroleerd; bij een fout wordt niets geladen en blijft de vorige versie in gebruik.
    BSN's worden bij het inlezen vervangen door een pseudoniem (sleutel: DUIDING_PSEUDONYM_KEY_FILE).
    Bron 'postcode_buurt' is ingebouwd: het CBS-bestand 'Buurt, wijk en gemeente voor postcode huisnummer'
    (of een tabel postcode, buurt_code) waarmee registraties met een postcode in een buurt vallen.
    De webapp blijft tijdens het laden de vorige versie tonen. Er schrijft één proces tegelijk in een
    werkruimte; een tweede wacht hoogstens DUIDING_LOCK_WAIT seconden (standaard 10).
    """
    from duiding.ingest import source_load_file
    from duiding.workspace import workspace_open

    ws = workspace_open(workspace)
    with _progress(f"{file.name} laden") as progress:
        result = source_load_file(ws, source_id=source_id, path=file, sheet=sheet, progress=progress)
    if result.unchanged:
        err.print(f"{file.name} is al de actieve versie van {source_id} (versie {result.load_id}); niets veranderd.")
        return
    err.print(f"{result.rows} rijen geladen in {source_id} (versie {result.load_id}).", highlight=False)
    for note in result.notes:
        err.print(f"  {note}", highlight=False)
    if result.quality:
        err.print(f"Kwaliteit: {len(result.quality)} punt(en) om na te kijken:", highlight=False)
        for finding in result.quality:
            err.print(f"  {finding.subject}: {finding.message}", highlight=False)
    err.print("Draai 'duiding compute' om de indicatoren bij te werken.", highlight=False)


@main.command()
@_workspace_option
@click.option("--monitor", "monitor_id", required=True, help="Id van de monitor.")
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(EXPORT_FORMATS),
    help="Bestandsformaat.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Bestand om te schrijven (een bestaand bestand wordt in één keer vervangen).",
)
@click.option(
    "--onbeschermd",
    "unprotected",
    metavar="REDEN",
    help="Alleen voor de analist: zonder geheimhouding, met vastgelegde reden (wie, wanneer, waarom).",
)
def export(workspace: Path, monitor_id: str, fmt: str, output: Path, unprotected: str | None) -> None:
    """Schrijf de beschermde waarnemingen van een monitor naar CSV, JSON of Excel (xlsx).

    Met --onbeschermd REDEN schrijft de analist de cijfers zonder geheimhouding, voor eigen
    kwaliteitscontrole; wie (het systeemaccount), wanneer, welke monitor en de reden worden vastgelegd,
    en het bestand begint met ONBESCHERMD.
    """
    from duiding.accounts import account_system
    from duiding.exports import ExportFormat, export_waiting, export_write, waiting_text
    from duiding.workspace import workspace_open

    ws = workspace_open(workspace)
    rows = export_write(
        ws,
        monitor=monitor_id,
        fmt=ExportFormat(fmt),
        path=output,
        unprotected_purpose=unprotected,
        account=account_system(),
    )
    if unprotected is not None:
        err.print(
            "LET OP: onbeschermde cijfers (kleine aantallen zichtbaar); alleen voor kwaliteitscontrole, niet "
            "verspreiden. Deze export is vastgelegd.",
            markup=False,
            highlight=False,
        )
    err.print(f"{rows} waarnemingen geschreven naar {output}.", markup=False, highlight=False)
    waiting = export_waiting(ws, monitor=monitor_id)
    if waiting:
        err.print(
            f"{len(waiting)} indicator(en) staan er nog niet in: ze wachten op gegevens. {waiting_text(waiting)}",
            markup=False,
            highlight=False,
        )


BENCH_ROWS = 10_000_000
"""``duiding.bench.DEFAULT_ROWS``, named here so ``--help`` stays fast (a test keeps them equal)."""


@main.group()
def bench() -> None:
    """Meet snelheid en geheugen, als verhouding tot een basislijn gemeten in dezelfde run.

    Elk subcommando neemt --workspace DIR (standaard een tijdelijke map die na afloop wordt verwijderd).
    """


@bench.command("load")
@click.option(
    "--rows", type=click.IntRange(1), default=BENCH_ROWS, show_default=True, help="Aantal rijen van het testbestand."
)
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Map voor het testbestand en een nieuwe werkruimte (standaard een tijdelijke map, daarna verwijderd).",
)
def bench_load_command(rows: int, workspace: Path | None) -> None:
    """Laad een gegenereerd Wmo-bestand in een nieuwe werkruimte; vergelijk met DuckDB dat het alleen leest.

    Beide metingen lopen in een eigen proces: tijd, rijen per seconde en piekgeheugen (RSS).
    """
    import tempfile

    from rich.table import Table

    from duiding.bench import LoadBench, bench_load
    from duiding.numbers import nl_number as nl

    def measure(folder: Path) -> LoadBench:
        with _progress(f"Benchmark laden ({nl(rows, 0)} rijen)") as progress:
            return bench_load(folder, rows=rows, progress=progress)

    if workspace is None:
        with tempfile.TemporaryDirectory(prefix="duiding-bench-") as folder:
            result = measure(Path(folder))
    else:
        result = measure(workspace)
    mb = 1 << 20
    table = Table(title=f"Laden van {nl(rows, 0)} rijen ({nl(result.file_bytes / mb)} MB CSV)", title_justify="left")
    for name in ("meting", "tijd (s)", "rijen per seconde", "piekgeheugen (MB)"):
        table.add_column(name, justify="left" if name == "meting" else "right")
    for name, run in (("basislijn: DuckDB leest het bestand", result.baseline), ("duiding load", result.load)):
        table.add_row(name, nl(run.seconds, 2), nl(run.rows_per_second, 0), nl(run.peak_bytes / mb, 0))
    out.print(table)
    out.print(f"verhouding tijd (laden / basislijn): {nl(result.time_ratio)}×", highlight=False)
    out.print(f"verhouding geheugen (laden / basislijn): {nl(result.memory_ratio)}×", highlight=False)
    steps = " · ".join(f"{label} {nl(seconds)} s" for seconds, _, _, label in result.load.steps)
    out.print(f"voortgang van het laden (stap klaar na): {steps}", highlight=False)
    out.print(f"{nl(result.rows_loaded, 0)} rijen in het magazijn", highlight=False)


BENCH_REQUESTS = 40
"""``duiding.bench.pages.DEFAULT_REQUESTS``, named here so ``--help`` stays fast (a test keeps them equal)."""
BENCH_CLIENTS = (1, 20)
"""``duiding.bench.pages.DEFAULT_CLIENTS``, likewise."""


@bench.command("pages")
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Bestaande werkruimte om te meten (standaard de demo, gebouwd in een tijdelijke map, daarna verwijderd).",
)
@click.option(
    "--requests",
    type=click.IntRange(1),
    default=BENCH_REQUESTS,
    show_default=True,
    help="Verzoeken per pagina en per aantal clients.",
)
@click.option(
    "--clients",
    type=click.IntRange(1, 200),
    multiple=True,
    default=BENCH_CLIENTS,
    show_default=True,
    help="Aantal gelijktijdige clients; herhaal de optie voor meer metingen.",
)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Schrijf de metingen ook als JSON naar dit bestand.",
)
def bench_pages_command(
    workspace: Path | None, requests: int, clients: tuple[int, ...], json_file: Path | None
) -> None:
    """Meet de hoofdpagina's via de echte webserver (Waitress, in een eigen proces).

    Per pagina en per aantal gelijktijdige clients: p50, p95 en maximum van de antwoordtijd,
    verzoeken per seconde en p95 als verhouding tot de basislijn (een klein statisch bestand,
    in dezelfde run gemeten). Elk antwoord moet 200 zijn. Zonder --workspace wordt eerst de demo
    gebouwd (ongeveer twee minuten); de adressen zijn die van de demo.
    """
    import json
    import tempfile

    from rich.table import Table

    from duiding.bench.pages import PagesBench, bench_demo_build, bench_pages
    from duiding.numbers import nl_number as nl

    def measure(root: Path) -> PagesBench:
        with _progress(f"Benchmark pagina's ({nl(requests, 0)} verzoeken per meting)") as progress:
            return bench_pages(root, clients=clients, requests=requests, progress=progress)

    if workspace is None:
        with tempfile.TemporaryDirectory(prefix="duiding-bench-") as folder:
            with _progress("Demowerkruimte bouwen") as progress:
                root = bench_demo_build(Path(folder), progress=progress)
            result = measure(root)
    else:
        result = measure(workspace)
    table = Table(
        title=f"Pagina's: {nl(requests, 0)} verzoeken per pagina en aantal clients ({os.cpu_count()} cores)",
        title_justify="left",
    )
    for name in ("pagina", "clients", "p50 (ms)", "p95 (ms)", "max (ms)", "verzoeken/s", "p95 / basislijn"):
        table.add_column(name, justify="left" if name == "pagina" else "right")
    for timing in result.timings:
        table.add_row(
            timing.page.name,
            str(timing.clients),
            nl(timing.p50_ms),
            nl(timing.p95_ms),
            nl(timing.max_ms),
            nl(timing.requests_per_second, 1),
            f"{nl(result.p95_ratio(timing))}×",
        )
    out.print(table)
    for page in dict.fromkeys(timing.page for timing in result.timings):
        out.print(f"{page.name}: {page.path}", markup=False, highlight=False)
    if json_file is not None:
        json_file.write_text(json.dumps(result.as_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        out.print(f"Metingen geschreven naar {json_file}.", markup=False, highlight=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
