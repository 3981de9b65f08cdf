from __future__ import annotations

import subprocess
import sys

import govtext

PUBLIC = {
    "OTHER",
    "ArticleResult",
    "Category",
    "Classifier",
    "Corpus",
    "CorpusError",
    "Example",
    "GovtextError",
    "GovtextWarning",
    "InputError",
    "ModelError",
    "Report",
    "Scheme",
    "SchemeError",
    "Segmenter",
    "Sentence",
    "SentenceResult",
    "__version__",
    "classify_many",
    "cross_validate",
    "evaluate",
    "get_scheme",
    "load",
    "load_scheme_file",
    "read_corpus",
    "schemes",
    "split_sentences",
    "suggest",
    "tokenize",
    "train",
}


def test_public_surface_is_pinned() -> None:
    assert set(govtext.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(govtext, name) is not None


def test_contract_names_are_callables_not_modules() -> None:
    import govtext.evaluation

    for name in ("load", "train", "evaluate", "split_sentences", "tokenize", "schemes", "suggest"):
        assert callable(getattr(govtext, name)), name


def test_import_is_light_and_silent() -> None:
    code = "import sys, govtext; print('sklearn' in sys.modules, 'jieba' in sys.modules)"
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False False\n" and done.stderr == ""
