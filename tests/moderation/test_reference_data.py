import pytest
from django.apps import apps

from moderation.models import BlockedTerm, RejectionTemplate
from moderation.reference import load_reference_data, read_list

pytestmark = pytest.mark.django_db


def load() -> None:
    load_reference_data(
        apps.get_model("moderation", "BlockedTerm"),
        apps.get_model("moderation", "RejectionTemplate"),
    )


def test_the_default_lists_are_loaded_in_both_languages():
    assert BlockedTerm.objects.filter(language="da", kind="word").count() == len(
        read_list("blocked_words_da.txt")
    )
    assert BlockedTerm.objects.filter(language="en", kind="word", term="viagra").exists()
    assert BlockedTerm.objects.filter(kind="domain", term="bit.ly").exists()


def test_loading_again_changes_nothing_and_keeps_a_moderators_edits():
    BlockedTerm.objects.filter(term="krypto").update(active=False)
    RejectionTemplate.objects.filter(title="Spam").update(text_da="Omskrevet")
    terms, templates = BlockedTerm.objects.count(), RejectionTemplate.objects.count()
    load()
    assert BlockedTerm.objects.count() == terms
    assert RejectionTemplate.objects.count() == templates
    assert BlockedTerm.objects.get(term="krypto").active is False
    assert RejectionTemplate.objects.get(title="Spam").text_da == "Omskrevet"


def test_a_deleted_default_comes_back_on_reload():
    BlockedTerm.objects.filter(term="viagra").delete()
    load()
    assert BlockedTerm.objects.filter(term="viagra").count() == 2  # Danish and English lists


def test_terms_are_stored_in_lower_case_with_single_spaces():
    term = BlockedTerm.objects.create(term="  Hurtige   PENGE ", language="da")
    assert term.term == "hurtige penge"


def test_the_lists_hold_no_duplicates_or_blank_lines():
    for name in ["blocked_words_da.txt", "blocked_words_en.txt", "blocked_domains.txt"]:
        terms = read_list(name)
        assert terms and len(terms) == len(set(terms)) and all(terms)
