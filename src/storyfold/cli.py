"""The `storyfold` command: argv -> api -> print. Errors become one line on stderr and an exit code.

Exit codes: 0 ok; 1 a failed run, or rejected items under --strict; 2 a usage mistake.
"""
from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, Iterator

import click

from . import __version__, api
from .errors import StoryfoldError, StoryfoldNote, UsageError
from .model import Article, Rejection
from .settings import Settings


# click >= 8.2 raises this for a group called with nothing; older click prints help itself.
_NoArgsIsHelp = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _settings_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every reading command shares; each maps to the Settings field of the same name."""
    defaults = Settings()
    options = [
        click.option("--strict", is_flag=True, help="Exit with status 1 if any input item was rejected."),
        click.option("--max-input-bytes", type=int, default=defaults.max_input_bytes, show_default=True,
                     help="Largest single article file read; larger ones are rejected as too_large."),
        click.option("--include-comments/--no-include-comments", default=defaults.include_comments,
                     show_default=True, help="Keep readers' comments found in HTML pages."),
        click.option("--progress/--no-progress", default=defaults.progress, show_default=True,
                     help="Progress bar on stderr (shown only when stderr is a terminal)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _story_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of the commands that cluster stories."""
    return click.option(
        "--embeddings", is_flag=True,
        help="Add the dense similarity of the embeddings extra (pip install 'storyfold[embeddings]'): "
             "on titled news +0.03 B-cubed F1, at ~35 articles/s. A store goes on with the choice "
             "it was made with.")(command)


def _settings(max_input_bytes: int, include_comments: bool, progress: bool, embeddings: bool = False) -> Settings:
    settings = Settings(max_input_bytes=max_input_bytes, include_comments=include_comments, progress=progress)
    if embeddings:
        from .stories import dense

        if not dense.available():  # say so now, not after every input has been read
            raise UsageError("--embeddings needs the embeddings extra",
                             hint="pip install 'storyfold[embeddings]', or leave --embeddings off")
        settings = settings.with_(stories=settings.stories.with_(embeddings=True))
    return settings


@contextmanager
def _progress(settings: Settings, what: str) -> Iterator[tuple[Callable[[int], None], Callable[[Rejection], None]]]:
    """A progress bar on stderr when it is a terminal; rejections printed one line each, above the bar."""
    from tqdm import tqdm

    # No monitor thread: a process running a second thread does not fork workers (stories).
    tqdm.monitor_interval = 0
    bar = tqdm(unit=" items", desc=what, file=sys.stderr, leave=False, dynamic_ncols=True,
               disable=not (settings.progress and sys.stderr.isatty()))

    def on_rejection(rejection: Rejection) -> None:
        if bar.disable:
            click.echo(rejection.one_line(), err=True)
        else:
            bar.write(rejection.one_line(), file=sys.stderr)

    try:
        yield bar.update, on_rejection
    finally:
        bar.close()


def _stdin_for(inputs: tuple[str, ...]):
    return sys.stdin.buffer if "-" in inputs else None


def _exit_for(rejections: int, strict: bool) -> None:
    if rejections:
        click.echo(f"{rejections} input item{'s' if rejections != 1 else ''} rejected "
                   "(reasons above)", err=True)
    if strict and rejections:
        raise SystemExit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyfold")
def cli() -> None:
    """Fold news articles into stories, and each story into a briefing traced to its sources."""


def _json_lines_command(name: str, produce: Callable[..., Any], doc: str, stories: bool = False) -> None:
    """A stage command printing one JSON object per record that `produce(inputs, ...)` yields;
    `stories`: the command clusters stories, and takes their options."""
    @cli.command(name=name, help=doc)
    @click.argument("inputs", nargs=-1, required=True)
    @_settings_options
    @(_story_options if stories else (lambda command: command))
    def command(inputs: tuple[str, ...], strict: bool, **options: Any) -> None:
        settings = _settings(**options)
        rejected = 0
        with _progress(settings, name) as (on_item, on_rejection):
            def count_rejection(rejection: Rejection) -> None:
                nonlocal rejected
                rejected += 1
                on_rejection(rejection)

            for record in produce(list(inputs), settings, stdin=_stdin_for(inputs), on_item=on_item,
                                  on_rejection=count_rejection):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        _exit_for(rejected, strict)


_json_lines_command("figures", api.figures,
                    "Figures in INPUTS as JSON Lines: text, span, value, unit, quantity (and qualifier).")
_json_lines_command("extract", lambda *args, **kw: (a.to_dict() for a in api.extract(*args, **kw)),
                    "Clean articles from INPUTS as JSON Lines on stdout (files, directories, or - for stdin).")
_json_lines_command("copies", lambda *args, **kw: (g.to_dict() for g in api.copies(*args, **kw)),
                    "Copy groups among INPUTS as JSON Lines: origin, members, kind (exact, near, version, contained).")
_json_lines_command("cluster", api.cluster,
                    "Stories of INPUTS as JSON Lines: one {id, story} per article.", stories=True)
_json_lines_command("quotes", api.quotes,
                    "Quotes in INPUTS as JSON Lines: text, span, speaker, resolved speaker, cue, kind.")
_json_lines_command("dates", api.dates,
                    "Date mentions in INPUTS as JSON Lines, relative ones resolved against each article's date.")


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "out", default="storyfold-out", show_default=True,
              help="Folder for stories.json, index.html and stories/.")
@click.option("--db", default=None, help="Keep the store in this SQLite file (for `add`, `stories`, `show`).")
@click.option("--profile", is_flag=True, help="Print the seconds spent in each stage.")
@_settings_options
@_story_options
def fold(inputs: tuple[str, ...], out: str, db: str | None, strict: bool, profile: bool, **options: Any) -> None:
    """The main job: read INPUTS and write the briefing files to OUT."""
    settings = _settings(**options)
    with _progress(settings, "fold") as (on_item, on_rejection):
        result = api.fold(list(inputs), out, db, settings, stdin=_stdin_for(inputs), on_item=on_item,
                          on_rejection=on_rejection)
    _print_stories_table(result.document["stories"])
    if profile:
        _print_profile(result.seconds)
    click.echo(f"wrote {os.path.join(out, 'stories.json')} and {os.path.join(out, 'index.html')}"
               + (f"; store {db}" if db else ""))
    _exit_for(len(result.report.rejections), strict)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", required=True, help="The SQLite store to add to (created if missing).")
@click.option("--defer-copies", is_flag=True,
              help="Skip copy detection in this add (a faster bulk load); the next add, or fold, catches up.")
@_settings_options
@_story_options
def add(inputs: tuple[str, ...], db: str, strict: bool, defer_copies: bool, **options: Any) -> None:
    """Add INPUTS to the store: new articles only; the same input twice adds nothing."""
    settings = _settings(**options).with_(copies_on_add=not defer_copies)
    with _progress(settings, "add") as (on_item, on_rejection):
        report = api.add(list(inputs), db, settings, stdin=_stdin_for(inputs), on_item=on_item,
                         on_rejection=on_rejection)
    counts = report.counts()
    click.echo(f"batch {report.batch}: {counts['added']} added, {counts['already_stored']} already stored, "
               f"{counts['rejected']} rejected, {counts['boilerplate_updated']} cleaned of corpus boilerplate, "
               + (f"{counts['copy_groups']} copy groups and {counts['stories']} stories in the store"
                  if not defer_copies else "copy detection and stories deferred"))
    _exit_for(len(report.rejections), strict)


@cli.command()
@click.option("--db", required=True, help="The SQLite store written by `fold --db` or `add`.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story instead of a table.")
def stories(db: str, as_json: bool) -> None:
    """List the stored stories, newest first: title, dates, articles, outlets, independent reports."""
    listed = api.list_stories(db)
    if as_json:
        for story in listed:
            click.echo(json.dumps(story, ensure_ascii=False))
    else:
        _print_stories_table(listed)


@cli.command()
@click.argument("story_ids", nargs=2, metavar="STORY STORY")
@click.option("--db", required=True, help="The SQLite store written by `fold --db` or `add`.")
def merge(story_ids: tuple[str, str], db: str) -> None:
    """Make two stored stories one: the older id is kept, the other still resolves to it, and
    the story is never split again."""
    kept = api.merge_stories(db, *story_ids)
    gone = next((s for s in story_ids if s != kept), kept)
    click.echo(f"{gone} merged into {kept}" if gone != kept else f"{kept} is already one story")


@cli.command()
@click.argument("item_id")
@click.option("--db", required=True, help="The SQLite store written by `fold --db` or `add`.")
@click.option("--format", "fmt", type=click.Choice(["md", "json", "html"]), default="md", show_default=True)
def show(item_id: str, db: str, fmt: str) -> None:
    """Show one story's briefing by story id (an article id shows that article)."""
    from .errors import NotFoundError

    try:
        story, articles, copy_of = api.story_briefing(db, item_id)
    except NotFoundError:
        try:
            article = api.get_article(db, item_id)
        except NotFoundError as missing:
            near = missing.hint if missing.hint and missing.hint.startswith("did you mean") else None
            raise NotFoundError(f"there is no story or article {item_id!r} in {db}",
                                hint=near or f"list the stories with: storyfold stories --db {db}") from None
        _show_article(article, fmt)
        return
    from .render import render_story_html, render_story_markdown

    if fmt == "json":
        click.echo(json.dumps(story, ensure_ascii=False, indent=1))
    elif fmt == "html":
        click.echo(render_story_html(story, articles, copy_of=copy_of))
    else:
        click.echo(render_story_markdown(story, articles, copy_of=copy_of))


def _show_article(article: Article, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=1))
    elif fmt == "html":
        from .render.html import render_index

        click.echo(render_index([article], []))
    else:
        click.echo(_article_markdown(article))


def _article_markdown(article: Article) -> str:
    lines = [f"# {article.title or '(untitled)'}", "",
             f"- outlet: {article.outlet or 'unknown'}", f"- published: {article.published or 'unknown'}",
             f"- url: {article.url or '-'}", f"- source: {article.source}", f"- id: {article.id}", "",
             article.text.strip()]
    if article.removed:
        lines += ["", "## Removed as boilerplate", ""] + [f"- {line}" for line in article.removed]
    return "\n".join(lines)


def _print_stories_table(stories: list[dict[str, Any]]) -> None:
    """A short table: one row per story, newest first."""
    rows = []
    for story in stories:
        first, last = (story.get("first_published") or "")[:10], (story.get("last_published") or "")[:10]
        dates = f"{first} .. {last}" if first and last and first != last else (first or "-")
        rows.append((story["id"], story["title"] or "(untitled)", dates, str(len(story["articles"])),
                     str(len(story["outlets"])), str(story["reports"])))
    header = ("story", "title", "published", "articles", "outlets", "reports")
    widths = [min(60, max(len(r[i]) for r in rows + [header])) for i in range(len(header))]
    for row in [header] + rows:
        click.echo("  ".join(_fit(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
    click.echo(f"{len(stories)} stories, {sum(len(s['articles']) for s in stories)} articles")


def _print_profile(seconds: dict[str, float]) -> None:
    total = sum(seconds.values())
    click.echo("stage                 seconds  share")
    for stage, spent in seconds.items():
        click.echo(f"{stage:<20} {spent:8.2f}  {spent / total if total else 0:5.1%}")
    click.echo(f"{'total':<20} {total:8.2f}")


def _fit(cell: str, width: int) -> str:
    return (cell[: width - 1] + "…") if len(cell) > width else cell.ljust(width)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command; turn every failure into one line on stderr and an exit code."""
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_note
            warnings.simplefilter("always", StoryfoldNote)
            cli.main(args=argv, prog_name="storyfold", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("storyfold: interrupted", err=True)
        raise SystemExit(130) from None
    except _NoArgsIsHelp as exc:  # bare `storyfold`: the help, not an error message around it
        click.echo(exc.format_message(), err=True)
        raise SystemExit(2) from None
    except click.ClickException as exc:  # usage mistakes: unknown option, missing argument
        click.echo(f"storyfold: error: {exc.format_message()} (see `{_help_command(argv)}`)", err=True)
        raise SystemExit(exc.exit_code) from None
    except StoryfoldError as exc:
        click.echo(f"storyfold: error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    except BrokenPipeError:
        # The reader went away (`storyfold extract … | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0) from None
    except KeyboardInterrupt:
        click.echo("storyfold: interrupted", err=True)
        raise SystemExit(130) from None
    except Exception as exc:  # a bug of ours: one line, and how to get the details
        if os.environ.get("STORYFOLD_DEBUG"):
            raise
        click.echo(f"storyfold: internal error: {type(exc).__name__}: {exc} "
                   "(set STORYFOLD_DEBUG=1 for the traceback, and please report it)", err=True)
        raise SystemExit(1) from None


def _show_note(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    """A StoryfoldNote is one line on stderr; any other warning keeps Python's usual form."""
    if issubclass(category, StoryfoldNote):
        click.echo(f"storyfold: note: {message}", err=True)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, *args[:2]))


def _help_command(argv: list[str] | None) -> str:
    args = sys.argv[1:] if argv is None else argv
    command = next((a for a in args if not a.startswith("-")), None)
    return f"storyfold {command} --help" if command in cli.commands else "storyfold --help"


if __name__ == "__main__":
    main()
