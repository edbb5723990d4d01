"""The window's words for problems and failures that lower layers report as codes.

``core`` and ``app`` report a :class:`~studio.core.validation.Problem` with a code and
its parameters, ``services`` a failure category; the sentences a person reads are made
here, through Qt's translation, so the lower layers never hold interface text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.core.model import Project
from studio.core.validation import Problem
from studio.services.errors import MESSAGES, Category


def _tr(text: str) -> str:
    return QCoreApplication.translate("Problems", text)


def _texts() -> dict[str, str]:
    """Code -> sentence template; built per call so the current language applies."""
    return {
        "unknown_model": _tr("the capability table does not know the model “{model}”"),
        "model_sunset": _tr("{model}’s own service ended on {date}; it works only through a "
                            "provider that still serves it"),
        "size_not_offered": _tr("{model} does not make {size} clips"),
        "no_shots": _tr("the storyboard has no shots yet"),
        "no_selection": _tr("select a shot on the timeline first"),
        "film_too_long": _tr("the film is {total} s but {model} makes clips of at most "
                             "{longest} s"),
        "shot_empty": _tr("the shot has neither a title nor a description"),
        "duration_not_offered": _tr("{seconds} s is longer than the longest clip {model} "
                                    "makes ({longest} s)"),
        "reference_unsupported": _tr("{model} does not take a reference image"),
        "reference_required": _tr("{model} makes clips only from a reference image; attach "
                                  "one"),
        "reference_no_consent": _tr("the reference image has no consent record"),
        "reference_consent_missing": _tr("the reference image’s consent record is missing"),
        "reference_consent_mismatch": _tr("the consent was given for a different image; "
                                          "attach the image again"),
        "reference_file_missing": _tr("the reference image {path} is missing; attach it again"),
        "reference_bytes_changed": _tr("the reference image {path} changed after consent was "
                                       "given; attach it again"),
        "character_revoked": _tr("consent was withdrawn for {handles}; remove the mention"),
        "unknown_character": _tr("unknown character: {handles}"),
        "too_many_characters": _tr("{model} takes at most {limit} characters per generation"),
        "characters_on_extension": _tr("an extension cannot bring in characters ({handles}); "
                                       "providers refuse them there. Remove the mention, or "
                                       "generate the shot again with them"),
        "chosen_take_missing": _tr("the chosen take does not exist"),
        "provider_unknown": _tr("no provider profile is named “{provider}”; pick one in "
                                "Inspector ▸ Look"),
        "model_not_served": _tr("the provider “{provider}” does not serve {model}; pick one "
                                "of its models in Inspector ▸ Look"),
        "provider_unusable": _tr("the provider “{provider}” cannot be used: check its base "
                                 "URL and key in Settings"),
        "prompt": _tr("the prompt cannot be composed: {detail}"),
        # a shot's saved way of continuing (app.continuity.strategy_problems)
        "continuity_no_previous_take": _tr("it continues from shot {shot}, which has no "
                                           "finished take yet; generate shot {shot} first"),
        "continuity_needs_last_frame": _tr("it continues from shot {previous}’s last frame; "
                                           "press Use Last Frame to make that frame its "
                                           "reference"),
        "continuity_frame_outdated": _tr("its reference is a frame shot {previous}’s cut no "
                                         "longer ends on (its take or trim changed); press "
                                         "Use Last Frame again, or set the shot to Cut to "
                                         "keep this image"),
        "continuity_extend_only": _tr("it is made by extending the previous shot’s take; "
                                      "press Extend Previous Take"),
        "continuity_extend_unsupported": _tr("it extends the previous take, but {model} "
                                             "cannot extend a video; continue from the last "
                                             "frame instead"),
        "continuity_previous_not_ours": _tr("it extends shot {shot}’s take, which was not "
                                            "generated here"),
        "continuity_extend_limit": _tr("shot {shot}’s take has been extended {limit} times, "
                                       "the most {model} allows"),
        "continuity_extend_too_long": _tr("the extended video would last {total} s; {model} "
                                          "makes at most {longest} s"),
    }


def notice_text(p: Problem) -> str:
    """A warning shown on its own, as whole sentences (the consent dialog's face note)."""
    texts = {
        "reference_face": _tr("A face was found in this image. Providers refuse images of real "
                              "people unless the person is a consented Cameo character; a clip "
                              "may be blocked and still take minutes to fail."),
        "reference_face_unchecked": _tr("This computer cannot check the image for faces. "
                                        "Providers refuse images of real people unless the "
                                        "person is a consented Cameo character."),
    }
    return texts.get(p.code, p.message)


def problem_text(project: Project, p: Problem) -> str:
    """One sentence for people: where, what, and what is allowed."""
    template = _texts().get(p.code)
    what = template.format(**p.params) if template is not None else p.message
    if p.shot_index is not None and p.shot_index < len(project.shots):
        title = project.shots[p.shot_index].title
        where = (_tr("Shot {n} “{title}”").format(n=p.shot_index + 1, title=title) if title
                 else _tr("Shot {n}").format(n=p.shot_index + 1))
    else:
        where = _tr("The project")
    tail = _tr(" (allowed: {values})").format(values=", ".join(p.allowed)) if p.allowed else ""
    return _tr("{where}: {what}{tail}.").format(where=where, what=what, tail=tail)


def failure_text(category: str | None, message: str | None, provider: str | None) -> str:
    """A job failure's sentence, from its category; the provider's own words follow.

    ``message`` is the engine's English text, "<sentence> (<provider's words>)": only the
    provider's words are kept from it.
    """
    detail = message or ""
    if category in set(Category):
        detail = detail.removeprefix(MESSAGES[Category(category)]).strip()
        if detail.startswith("(") and detail.endswith(")"):
            detail = detail[1:-1]
    texts = {
        "moderation": _tr("The provider’s content rules blocked this request. Change the "
                          "prompt or the reference image; sending it unchanged will be blocked "
                          "again."),
        "invalid_input": _tr("The provider refused the request as invalid. Check the model, "
                             "size, duration and reference image."),
        "auth": _tr("“{provider}” refused the API key or the account. Check the key of this "
                    "profile in Settings."),
        "rate_limit": _tr("The provider is rate limiting requests; the studio waits and tries "
                          "again where that is safe."),
        "server": _tr("The provider had an internal problem."),
        "network": _tr("The provider could not be reached, or the connection dropped."),
        "expired": _tr("The provider no longer keeps this video. Generate it again."),
        "cancelled": _tr("Cancelled here. A job already sent may still finish (and be billed) "
                         "at the provider."),
        "unknown": _tr("The provider reported an unexpected problem."),
        "unclear": _tr("Unclear: the request may have reached “{provider}” and been billed, "
                       "but no video id came back, and this provider can neither list its "
                       "videos nor recognise a re-send. Adopt its video if you find it there, "
                       "or send it again knowing it may be billed twice."),
    }
    text = texts.get(category or "", "").format(provider=provider or "?")
    if not text:
        return detail or ""
    return f"{text} ({detail})" if detail else text
