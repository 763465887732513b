"""The public surface: a curated `__all__`, private `_` modules, named errors, no import-time effects."""

from __future__ import annotations

import logging
import pickle
import pkgutil
import pydoc
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import x_engagement as xe
from x_engagement.errors import combined


def test_every_exported_name_resolves_once() -> None:
    for name in xe.__all__:
        assert getattr(xe, name) is not None, name
    assert len(set(xe.__all__)) == len(xe.__all__)


def test_problem_classes_of_other_endpoints_stay_in_errors() -> None:
    problems = [name for name in xe.__all__ if name.endswith("Problem")]
    assert problems == [], "problem classes are imported from x_engagement.errors"
    assert issubclass(xe.errors.StreamingConnectionProblem, xe.ProblemError)


def test_only_client_models_errors_table_and_access_are_public_modules() -> None:
    public = {m.name for m in pkgutil.iter_modules(xe.__path__) if not m.name.startswith("_")}
    assert public == {"access", "client", "collect", "errors", "models", "table"}


@pytest.mark.subprocess
def test_importing_the_package_imports_no_database_library() -> None:
    probe = (
        "import sys, x_engagement; print(sorted(m for m in ('sqlalchemy', 'alembic', 'psycopg') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_combined_error_class_is_importable_by_its_name_documented_and_picklable() -> None:
    made = combined(xe.AuthError, xe.errors.InvalidRequestProblem)
    from x_engagement.errors import AuthErrorInvalidRequestProblem

    assert AuthErrorInvalidRequestProblem is made
    assert made.__module__ == "x_engagement.errors" and made.__qualname__ == made.__name__
    assert "AuthError" in (made.__doc__ or "") and "InvalidRequestProblem" in (made.__doc__ or "")
    assert pickle.loads(pickle.dumps(made)) is made
    with pytest.raises(AttributeError):
        getattr(xe.errors, "AuthErrorNoSuchThing")  # noqa: B009


def test_each_method_documents_its_arguments_from_the_spec() -> None:
    text = pydoc.render_doc(xe.Client.get_insights_28hr, renderer=pydoc.plaintext)  # type: ignore[attr-defined]
    for name in ("tweet_ids", "granularity", "requested_metrics", "engagement_fields"):
        assert f"{name}: " in text
    assert "Bucket size of the returned metrics." in text


@pytest.mark.subprocess
def test_importing_the_package_leaves_other_libraries_loggers_alone() -> None:
    probe = (  # the package loads lazily: touch a name so the client's modules (and _auth) load
        "import logging, x_engagement; x_engagement.Client; "
        "print(len(logging.getLogger('oauthlib.oauth1.rfc5849').filters))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"


def test_oauthlib_debug_logs_of_other_callers_survive_this_packages_signing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from oauthlib import oauth1

    credentials = xe.OAuth1("ck", "cs-secret-value", "at-secret-value", "ats-secret-value")
    with caplog.at_level(logging.DEBUG, logger="oauthlib"):
        credentials.apply(httpx.Request("GET", "https://api.x.com/2/insights/28hr?tweet_ids=1"))
        assert not [r for r in caplog.records if r.name.startswith("oauthlib")]
        oauth1.Client("other-key", client_secret="other").sign("https://example.com/")
    assert [r for r in caplog.records if r.name.startswith("oauthlib") and r.levelno == logging.DEBUG]


USER_FILE = """\
from x_engagement.errors import AuthError, AuthErrorUnsupportedAuthenticationProblem, {extra}


def status(error: AuthErrorUnsupportedAuthenticationProblem) -> int:
    caught: AuthError = error
    return caught.status
"""


def _mypy_strict(tmp_path: Path, source: str) -> tuple[str, int]:
    """`mypy --strict` on one user file that imports the installed package, in this process."""
    from mypy import api

    user = tmp_path / "user.py"
    user.write_text(source)
    cache = Path(__file__).resolve().parents[2] / ".mypy_cache" / "user-file"
    out, err, code = api.run(["--strict", "--cache-dir", str(cache), "--no-error-summary", str(user)])
    return out + err, code


@pytest.mark.slow  # mypy --strict over the installed package: ~2 s with its cache, ~30 s without
def test_a_user_importing_a_combined_error_class_passes_mypy_strict(tmp_path: Path) -> None:
    """The README's `from x_engagement.errors import AuthErrorUnsupportedAuthenticationProblem` type-checks:
    the combined classes are real classes; a misspelt one is still an error (mypy sees the module)."""
    output, code = _mypy_strict(tmp_path, USER_FILE.format(extra="RateLimitedProblemError"))
    assert code == 0, output
    output, code = _mypy_strict(tmp_path, USER_FILE.format(extra="AuthErrorNoSuchProblem"))
    assert code == 1 and 'has no attribute "AuthErrorNoSuchProblem"' in output, output


def test_every_status_and_body_pair_the_client_raises_is_a_class_of_errors_that_pickles() -> None:
    """The dispatch finds the written-out classes (none is made at run time), and every error class
    names `x_engagement.errors`, where users import it, as its module (reprs, tracebacks, pickles)."""
    bodies: list[type[xe.ApiError]] = [xe.ProblemError, xe.EnterpriseApiError, *xe.errors.PROBLEM_CLASSES.values()]
    for status, status_cls in ((401, xe.AuthError), (403, xe.AuthError), (429, xe.RateLimited), (503, xe.ServerError)):
        for body in bodies:
            made = xe.errors.error_class(status, body)
            assert made.__bases__ == (status_cls, body), (status, body)
            assert getattr(xe.errors, made.__name__) is made
    assert xe.errors.error_class(404, xe.errors.ConflictProblem) is xe.errors.ConflictProblem
    assert xe.errors.error_class(500, xe.ApiError) is xe.ServerError
    public = [v for v in vars(xe.errors).values() if isinstance(v, type) and issubclass(v, Exception)]
    assert len(public) > 60
    for cls in public:
        assert cls.__module__ == "x_engagement.errors", cls
        assert pickle.loads(pickle.dumps(cls)) is cls
