"""``sora-studio``: the headless command line over the same core as the window.

No Qt is imported on any path but ``gui``: the CLI must work with no display. Bad input
gets one clear line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_USAGE = 2
EXIT_INPUT = 1


class CliError(Exception):
    """An expected failure: printed as one line, exit status 1."""


def _cmd_prompt(args: argparse.Namespace) -> int:
    from studio.core.model import Language, Strategy
    from studio.core.prompts.compose import compose
    from studio.storage.bundled import capability_table
    from studio.storage.project_file import load_project

    project = load_project(Path(args.project))
    mode = Strategy(args.mode) if args.mode else None
    lang = Language(args.lang) if args.lang else None
    prompts = compose(project, capability_table(), mode=mode, lang=lang)
    sys.stdout.write("\n\n".join(p.text for p in prompts) + "\n")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    import datetime as dt

    from studio.core.validation import errors
    from studio.storage.bundled import capability_table
    from studio.storage.project_file import load_project
    from studio.storage.references import validate_with_files

    path = Path(os.path.abspath(args.project))
    project = load_project(path)
    problems = validate_with_files(project, path.parent, capability_table(),
                                   today=dt.date.today())
    for p in problems:
        print(p, file=sys.stderr)
    n_err = len(errors(problems))
    print(f"{args.project}: {len(project.shots)} shots, {n_err} errors, "
          f"{len(problems) - n_err} warnings")
    return 1 if n_err else 0


def _cmd_fit_image(args: argparse.Namespace) -> int:
    """The window's reference-image pipeline, for scripts: check, orient, strip, fit."""
    from studio.app.references import read_source
    from studio.media.images import FitMode, ImageRefused, prepare_image
    from studio.storage.atomic import atomic_write_bytes

    try:
        w, _, h = args.size.lower().partition("x")
        width, height = int(w), int(h)
        if not (16 <= width <= 8192 and 16 <= height <= 8192):
            raise ValueError
    except ValueError:
        raise CliError(f"--size must be WIDTHxHEIGHT, 16 to 8192 each, not {args.size!r}") from None
    src = Path(args.image)
    try:
        image = prepare_image(read_source(src), width, height, FitMode(args.mode))
    except OSError as exc:
        raise CliError(f"cannot read {src}: {exc.strerror or exc}") from exc
    except ImageRefused as exc:
        raise CliError(f"{src}: {exc}") from exc
    out = Path(args.output)
    atomic_write_bytes(out, image.data)
    faces = ("; a face was found: providers refuse real people unless they are a consented "
             "character" if image.faces else "")
    print(f"{out}: {width}x{height} JPEG, {len(image.data)} bytes, no metadata{faces}")
    return 0


def _cmd_import_prompt(args: argparse.Namespace) -> int:
    from studio.core.model import Language
    from studio.core.prompts.parse import parse_prompt
    from studio.storage.project_file import save_project

    src = Path(args.textfile)
    try:
        text = src.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {src}: {exc}") from exc
    project = parse_prompt(text, language=Language(args.lang) if args.lang else None)
    out = Path(args.output)
    if out.exists() and not args.force:
        raise CliError(f"{out} exists; pass --force to replace it")
    save_project(project, out)
    print(f"{out}: {len(project.shots)} shots")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import asyncio
    import tempfile

    from studio.localserver.faults import FaultConfig
    from studio.localserver.server import serve_forever

    faults = FaultConfig(
        latency_ms=args.latency_ms,
        generation_seconds=args.generation_seconds,
        failure_rate=args.failure_rate,
        moderation_words=tuple(args.moderation_word),
        moderate_at_submit=args.moderate_at_submit,
        rate_limit_every=args.rate_limit_every,
        server_error_burst=args.server_error_burst,
        reset_after_create=args.reset_after_create,
        truncate_content=args.truncate_content,
        corrupt_content=args.corrupt_content,
        ignore_range=args.ignore_range,
        unsatisfiable_range=args.unsatisfiable_range,
        expire_after_seconds=args.expire_after_seconds,
        no_list=args.no_list,
        ignore_idempotency=args.ignore_idempotency,
        ignore_variant=args.ignore_variant,
        opaque_ids=args.opaque_ids,
        spend_headers=args.spend_headers,
    )
    from studio.localserver.exposure import ServeRefused, serve_key

    try:
        key, warnings = serve_key(
            host=args.host, api_key=args.api_key, insecure_no_auth=args.insecure_no_auth,
            api_key_file=Path(args.api_key_file) if args.api_key_file else None)
    except ServeRefused as exc:
        raise CliError(str(exc)) from None
    for line in warnings:
        print(line, file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="sora-studio-serve-") as tmp:
        data_dir = Path(args.data_dir) if args.data_dir else Path(tmp)
        asyncio.run(serve_forever(data_dir, host=args.host, port=args.port, faults=faults,
                                  api_key=key))
    return 0


def _cmd_render(args: argparse.Namespace) -> int:
    import asyncio
    import sqlite3

    from studio.core.model import Strategy
    from studio.services.errors import ProviderError, local_storage_failure
    from studio.services.ledger import LedgerError
    from studio.services.render import RenderError, RenderOptions, render

    opts = RenderOptions(
        project=Path(args.project), output=Path(args.output), provider=args.provider,
        base_url=args.base_url, api_key_env=args.api_key_env,
        strategy=Strategy(args.strategy) if args.strategy else None,
        ledger=Path(args.ledger) if args.ledger else None, concurrency=args.concurrency,
        probe_model=args.probe_model,
        regenerate=tuple(args.regenerate or ()), yes=args.yes,
        retry_failed=args.retry_failed,
    )
    try:
        out = asyncio.run(render(opts))
    except (RenderError, ProviderError, LedgerError) as exc:
        raise CliError(str(exc)) from exc
    except (OSError, sqlite3.OperationalError) as exc:  # a full disk, a read-only folder
        fail = local_storage_failure(exc)
        if fail is None:
            raise
        raise CliError(f"local storage: {fail.text()}") from None
    except sqlite3.DatabaseError as exc:  # damaged while in use (open() checks it first)
        raise CliError(f"the job ledger cannot be used: {exc}") from exc
    print(f"\n{out}" if sys.stderr.isatty() else str(out))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from studio.app.export import Exporter, ExportFailed, ExportRequest
    from studio.storage.project_file import load_project

    path = Path(args.project)
    project = load_project(path)
    request = ExportRequest(Path(args.output), crossfade=args.crossfade, preset=args.preset,
                            ai_note=not args.no_ai_note, shot_clips=args.shots,
                            contact_sheet=args.contact_sheet, subtitles=args.srt,
                            prompts=args.prompts, bundle=args.bundle)
    tty = sys.stderr.isatty()
    last = [-1]

    def progress(fraction: float, stage: str) -> None:
        pct = int(fraction * 100)
        if tty and pct != last[0]:
            last[0] = pct
            sys.stderr.write(f"\rexport: {stage} {pct}%\x1b[K")
            sys.stderr.flush()

    try:
        outcome = Exporter(project, path.parent, request).run_blocking(progress)
    except ExportFailed as exc:
        raise CliError(_export_failure(exc)) from None
    if tty:
        sys.stderr.write("\n")
    for file in outcome.files:
        print(file)
    return 0


def _export_failure(exc: object) -> str:
    code, p = exc.code, exc.params  # type: ignore[attr-defined]
    shot = f"shot {p.get('shot', '?')}" + (f" ({p['title']})" if p.get("title") else "")
    return {
        "missing_take": f"{shot} has no finished chosen take; nothing was written",
        "take_unreadable": f"the take of {shot} cannot be read ({p.get('detail', '')}); "
                           "nothing was written",
        "nothing_to_export": "the project has no shots with takes; nothing was written",
        "cancelled": "export cancelled; nothing was written",
        "write_failed": f"{p.get('path', '')} cannot be written ({p.get('detail', '')}); "
                        "nothing was written",
    }.get(code, f"export failed ({code})")


def _cmd_gui(args: argparse.Namespace) -> int:
    from studio.ui.app import run_gui

    return run_gui(args.project)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sora-studio", description=__doc__.splitlines()[0])
    from studio import __version__

    parser.add_argument("--version", action="version", version=f"sora-studio {__version__}")
    parser.add_argument("--selftest", action="store_true",
                        help="open the sample offscreen, render one shot with the local "
                        "provider, check the clip; exit 0 when all is well")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("prompt", help="print the composed prompt(s) of a project")
    p.add_argument("project")
    p.add_argument("--mode", choices=["one-take", "per-shot"])
    p.add_argument("--lang", choices=["zh", "en"])
    p.set_defaults(func=_cmd_prompt)

    p = sub.add_parser("validate", help="check a project against its model's capabilities")
    p.add_argument("project")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("import-prompt", help="turn a pasted structured prompt into a project")
    p.add_argument("textfile")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--lang", choices=["zh", "en"])
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.set_defaults(func=_cmd_import_prompt)

    p = sub.add_parser("fit-image", help="make an image into a reference image upload "
                       "(JPEG, exact size, no metadata)")
    p.add_argument("image", metavar="IN")
    p.add_argument("--size", required=True, metavar="WxH", help="output size, e.g. 1280x720")
    p.add_argument("--mode", choices=("crop", "pad", "stretch"), default="crop")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.set_defaults(func=_cmd_fit_image)

    p = sub.add_parser("serve", help="run the local provider (OpenAI Videos API) on a port")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--data-dir", help="where jobs and media live (default: a temp dir)")
    p.add_argument("--api-key", help="require 'Authorization: Bearer KEY' (visible to other "
                   "users in the process list: prefer --api-key-file)")
    p.add_argument("--api-key-file", metavar="FILE",
                   help="require the key in the first line of FILE (also: the environment "
                   "variable SORA_STUDIO_SERVE_KEY)")
    p.add_argument("--insecure-no-auth", action="store_true",
                   help="allow a --host other than loopback with no key")
    p.add_argument("--latency-ms", type=int, default=0)
    p.add_argument("--generation-seconds", type=float, default=2.0)
    p.add_argument("--failure-rate", type=float, default=0.0)
    p.add_argument("--moderation-word", action="append", default=[])
    p.add_argument("--moderate-at-submit", action="store_true",
                   help="refuse a prompt with a moderation word at once (400)")
    p.add_argument("--rate-limit-every", type=int, default=0, metavar="N")
    p.add_argument("--server-error-burst", type=int, default=0, metavar="N")
    p.add_argument("--reset-after-create", type=int, default=0, metavar="N")
    p.add_argument("--truncate-content", type=int, default=0, metavar="N")
    p.add_argument("--corrupt-content", type=int, default=0, metavar="N",
                   help="the next N downloads: whole bodies that do not decode")
    p.add_argument("--ignore-range", action="store_true",
                   help="answer every download with 200 and the whole body")
    p.add_argument("--unsatisfiable-range", type=int, default=0, metavar="N",
                   help="the next N ranged downloads get 416")
    p.add_argument("--expire-after-seconds", type=float)
    gw = p.add_argument_group("gateway behaviour", "what gateways such as LiteLLM's proxy do")
    gw.add_argument("--no-list", action="store_true", help="refuse GET /videos with a 400")
    gw.add_argument("--ignore-idempotency", action="store_true",
                    help="drop Idempotency-Key: a re-sent create creates again")
    gw.add_argument("--ignore-variant", action="store_true",
                    help="answer every content variant with the MP4")
    gw.add_argument("--spend-headers", action="store_true",
                    help="report each video's price and the key's total spend in "
                    "x-litellm-response-cost / x-litellm-key-spend headers")
    gw.add_argument("--opaque-ids", action="store_true",
                    help="~300-character base64 video ids")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("render", help="generate a project's clips and join them into one MP4")
    p.add_argument("project")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--provider", default="local",
                   help="local, a provider profile name, or a base URL")
    p.add_argument("--base-url", help="a running Videos-API server (overrides --provider)")
    p.add_argument("--api-key-env", metavar="VAR", help="read the API key from this variable")
    p.add_argument("--strategy", choices=["one-take", "per-shot"])
    p.add_argument("--ledger", help="job ledger file (default: in the user data dir)")
    p.add_argument("--concurrency", type=int, help="jobs in flight at the provider")
    p.add_argument("--probe-model", metavar="MODEL",
                   help="a model that costs nothing at this endpoint (e.g. animatic): on an "
                   "endpoint that cannot list, its first job is sent twice with its own key "
                   "to learn whether a re-sent create is recognised (Idempotency-Key)")
    p.add_argument("--regenerate", nargs="+", metavar="SHOT",
                   help="generate these shots (ids or numbers) again even if they have takes")
    p.add_argument("--yes", action="store_true",
                   help="agree to the quote on a provider that charges")
    p.add_argument("--retry-failed", action="store_true",
                   help="send again shots the provider refused on an earlier run "
                   "(moderation, invalid input); otherwise they are not re-sent")
    p.set_defaults(func=_cmd_render)

    p = sub.add_parser("export", help="join a project's chosen takes into one MP4 (no "
                       "generation)")
    p.add_argument("project")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--crossfade", type=float, default=0.0, metavar="S",
                   help="seconds of dissolve (and sound crossfade) at each join")
    p.add_argument("--preset", default="source",
                   choices=["source", "1080p", "720p", "480p", "720p-24", "720p-30"])
    p.add_argument("--no-ai-note", action="store_true",
                   help="do not note in the file's metadata that it is AI-generated")
    p.add_argument("--shots", action="store_true", help="also each shot's clip")
    p.add_argument("--contact-sheet", action="store_true", help="also a contact sheet PNG")
    p.add_argument("--srt", action="store_true", help="also the shot titles as subtitles")
    p.add_argument("--prompts", action="store_true", help="also the composed prompts as text")
    p.add_argument("--bundle", action="store_true", help="also a zip of project and media")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("gui", help="open the studio window (the default with no command)")
    p.add_argument("project", nargs="?")
    p.set_defaults(func=_cmd_gui)
    return parser


def _is_input_error(exc: Exception) -> bool:
    """A bad project, prompt or argument: one line, exit 2 (no traceback). The project
    model is imported only here: ``gui`` paints its first frame before it loads."""
    from studio.core.prompts.compose import PromptError
    from studio.storage.project_file import ProjectFileError

    return isinstance(exc, (CliError, ProjectFileError, PromptError))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["gui"]
    if argv == ["--selftest"]:  # no command: it checks the whole installation
        from studio.ui.selftest import run_selftest

        return run_selftest()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.selftest:
        parser.error("--selftest runs alone, with no command")
    try:
        return int(args.func(args))
    except Exception as exc:
        if not _is_input_error(exc):
            raise
        print(f"sora-studio: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("sora-studio: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
